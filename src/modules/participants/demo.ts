import { and, eq, inArray } from 'drizzle-orm';
import { users } from '../../platform/auth/schema.ts';
import type { Db } from '../../platform/db/index.ts';
import { participants } from './schema.ts';
import type { ParticipantsService } from './service.ts';

/** Clearly fictional women for the demo partnership (names marked "(demo)"; 07700 900xxx is Ofcom's drama range). */
const women = [
  {
    preferredName: 'Amani (demo)',
    givenName: 'Amani',
    familyName: 'Example',
    dateOfBirth: '1989-04-12',
    languages: ['Swahili', 'Arabic'],
    englishLevel: 'entry_2' as const,
    neverContactAtHome: true,
    phone: '07700 900101',
    skills: ['sewing', 'childcare'],
    aspirations: 'To train as a teaching assistant',
  },
  {
    preferredName: 'Lina (demo)',
    givenName: 'Lina',
    familyName: 'Sample',
    dateOfBirth: '1994-09-30',
    languages: ['Dari', 'Farsi'],
    englishLevel: 'a2' as const,
    neverContactAtHome: false,
    phone: '07700 900102',
    skills: ['bookkeeping'],
    aspirations: 'To work in an accounts office',
  },
  {
    preferredName: 'Rahel (demo)',
    givenName: 'Rahel',
    familyName: 'Placeholder',
    dateOfBirth: '1985-01-20',
    languages: ['Tigrinya'],
    englishLevel: 'pre_entry' as const,
    neverContactAtHome: true,
    phone: null,
    skills: ['nursing'],
    aspirations: 'To have her nursing degree recognised and work in care',
  },
];

/**
 * A few fictional women for each demo organisation, registered by its key worker through the
 * service (so consent, history and audit are real). Runs only when there is no participant yet.
 */
export async function seedDemoParticipants(db: Db, svc: ParticipantsService): Promise<number> {
  const existing = await db.select({ id: participants.id }).from(participants).limit(1);
  if (existing.length) return 0;
  const keyWorkers = await db
    .select({ userId: users.id, organisationId: users.organisationId, email: users.email })
    .from(users)
    .where(and(eq(users.role, 'key_worker'), inArray(users.active, [true])));
  let n = 0;
  for (const kw of keyWorkers.filter((u) => u.email.endsWith('.demo.wayfinder.invalid'))) {
    const actor = { userId: kw.userId, organisationId: kw.organisationId, role: 'key_worker' as const };
    for (const w of women) {
      const id = await svc.register(actor, {
        consent: { purposes: ['support', 'anonymised_reporting', 'contact_sms'], method: 'verbal' },
        names: {
          preferredName: w.preferredName,
          givenName: w.givenName,
          familyName: w.familyName,
          dateOfBirth: w.dateOfBirth,
        },
        contact: {
          contactMethods: w.phone ? ['sms'] : ['in_person'],
          safeTimes: w.neverContactAtHome ? 'Weekday mornings, when the children are at school' : null,
          neverContactAtHome: w.neverContactAtHome,
          phone: w.phone,
          email: null,
        },
        languages: {
          languages: w.languages,
          interpreterNeeded: w.englishLevel === 'pre_entry',
          interpreterLanguage: w.englishLevel === 'pre_entry' ? (w.languages[0] ?? null) : null,
          englishLevel: w.englishLevel,
        },
      });
      await svc.updateSection(actor, id, {
        section: 'aspirations',
        data: { skills: w.skills, aspirations: w.aspirations },
      });
      n++;
    }
  }
  return n;
}
