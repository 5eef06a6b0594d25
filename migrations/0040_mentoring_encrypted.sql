ALTER TABLE "mentoring_mentees" ADD COLUMN "goals_enc" text;--> statement-breakpoint
ALTER TABLE "mentoring_mentors" ADD COLUMN "dbs_certificate_number_enc" text;