CREATE TABLE "postcodes" (
	"postcode" text PRIMARY KEY NOT NULL,
	"display" text NOT NULL,
	"latitude" double precision NOT NULL,
	"longitude" double precision NOT NULL,
	"district_code" text,
	"area_code" text,
	"country_code" text,
	"terminated" text
);
--> statement-breakpoint
CREATE TABLE "directory_search_word" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE INDEX "postcodes_area_idx" ON "postcodes" USING btree ("area_code");--> statement-breakpoint
CREATE INDEX "directory_search_word_trgm_idx" ON "directory_search_word" USING gin ("word" gin_trgm_ops);