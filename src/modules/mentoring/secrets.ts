import { eq, isNotNull } from 'drizzle-orm';
import type { FieldCipher } from '../../platform/crypto/fields.ts';
import type { Db } from '../../platform/db/index.ts';
import { mentoringMentees, mentoringMentors } from './schema.ts';

/**
 * The mentor's DBS certificate number and her goals in her own words are stored encrypted (like
 * participants' special-category fields). Rows are opened here, only by the functions that show them
 * to someone allowed; every other reader sees just the ciphertext column and never uses it.
 */
type MentorRow = typeof mentoringMentors.$inferSelect;
type MenteeRow = typeof mentoringMentees.$inferSelect;

export const seal = (cipher: FieldCipher, plain: string | null | undefined) =>
  plain ? cipher.encrypt(plain) : null;

export function openMentor(cipher: FieldCipher, row: MentorRow) {
  const { dbsCertificateNumberEnc, legacyDbsCertificateNumber, ...rest } = row;
  return {
    ...rest,
    dbsCertificateNumber: dbsCertificateNumberEnc
      ? cipher.decrypt(dbsCertificateNumberEnc)
      : legacyDbsCertificateNumber,
  };
}

export function openMentee(cipher: FieldCipher, row: MenteeRow) {
  const { goalsEnc, legacyGoals, ...rest } = row;
  return { ...rest, goals: goalsEnc ? cipher.decrypt(goalsEnc) : legacyGoals };
}

/**
 * Values written before encryption: encrypted into the new column and the plain column emptied, in
 * one transaction per table. Runs at start-up; after the first run it finds nothing.
 */
export async function moveMentoringPlaintext(db: Db, cipher: FieldCipher): Promise<number> {
  let moved = 0;
  await db.transaction(async (tx) => {
    const mentors = await tx
      .select({ id: mentoringMentors.id, plain: mentoringMentors.legacyDbsCertificateNumber })
      .from(mentoringMentors)
      .where(isNotNull(mentoringMentors.legacyDbsCertificateNumber))
      .for('update');
    for (const m of mentors) {
      await tx
        .update(mentoringMentors)
        .set({ dbsCertificateNumberEnc: seal(cipher, m.plain), legacyDbsCertificateNumber: null })
        .where(eq(mentoringMentors.id, m.id));
    }
    const mentees = await tx
      .select({ id: mentoringMentees.id, plain: mentoringMentees.legacyGoals })
      .from(mentoringMentees)
      .where(isNotNull(mentoringMentees.legacyGoals))
      .for('update');
    for (const m of mentees) {
      await tx
        .update(mentoringMentees)
        .set({ goalsEnc: seal(cipher, m.plain), legacyGoals: null })
        .where(eq(mentoringMentees.id, m.id));
    }
    moved = mentors.length + mentees.length;
  });
  return moved;
}
