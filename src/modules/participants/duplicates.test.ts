import { describe, expect, it } from 'vitest';
import { mainOf } from '../../../tests/support/agent.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { likelyMatch, normalisePhone, type PersonFacts } from './duplicates.ts';

/** Issue 12 point 7: the same woman registered twice is warned about before a second record is made. */
describe('likely the same woman', () => {
  const saba: PersonFacts = { preferredName: 'Saba', phone: '07700 900777', dateOfBirth: '1990-04-02' };
  const cases: [string, PersonFacts, ReturnType<typeof likelyMatch>][] = [
    ['same name and phone', { preferredName: 'Saba', phone: '07700900777' }, 'name_phone'],
    [
      'name in another case, accents, spaces',
      { preferredName: '  SÁBA ', phone: '+44 7700 900777' },
      'name_phone',
    ],
    ['same name, date of birth', { preferredName: 'saba', dateOfBirth: '1990-04-02' }, 'name_date_of_birth'],
    ['same name only', { preferredName: 'Saba', phone: '07700 900000' }, null],
    ['same phone, another name', { preferredName: 'Selam', phone: '07700 900777' }, null],
    [
      'given and family name match the preferred name',
      { preferredName: 'S', givenName: 'Saba', phone: '07700 900777' },
      'name_phone',
    ],
    ['a too short phone never matches', { preferredName: 'Saba', phone: '12' }, null],
  ];
  it.each(cases)('%s', (_, newcomer, expected) => {
    expect(likelyMatch(newcomer, saba)).toBe(expected);
  });
  it('reads +44 and 0044 as a leading 0', () => {
    expect(normalisePhone('+44 (0)7700-900777')).toBe('07700900777');
    expect(normalisePhone('0044 7700 900777')).toBe('07700900777');
  });
});

const { t, users, as, actor } = useScenario({
  organisations: { harbour: 'Harbour', elsewhere: 'Elsewhere' },
  users: { kw: 'key_worker', stranger: ['key_worker', 'elsewhere'] },
});

const quick = (preferredName: string, phone: string, extra: Record<string, string> = {}) => ({
  preferredName,
  supportConsent: 'yes',
  method: 'verbal',
  neverContactAtHome: 'no',
  phone,
  ...extra,
});
const count = async (name: string) =>
  (
    await t.database.pool.query(
      'select count(*)::int as n from participants where lower(preferred_name) = $1',
      [name.toLowerCase()],
    )
  ).rows[0].n as number;

describe('registering her twice', () => {
  it('quick registration with the same name and phone warns with the likely match before creating', async () => {
    const a = await as(users.kw);
    const first = await a.submit('/participants/quick', quick('Dup-Saba', '07700 900777'));
    expect(first.statusCode).toBe(302);
    const firstId = String(first.headers.location).split('/').pop()!;

    const again = await a.submit('/participants/quick', quick('dup-saba', '+44 7700 900777'));
    expect(again.statusCode).toBe(400);
    const main = mainOf(again.body);
    expect(main).toContain('She may already be registered');
    expect(main).toContain(`href="/participants/${firstId}"`);
    expect(main).toContain('This is a different person: register her anyway');
    expect(await count('dup-saba')).toBe(1);

    const anyway = await a.submit(
      '/participants/quick',
      quick('dup-saba', '+44 7700 900777', { differentPerson: 'yes' }),
    );
    expect(anyway.statusCode).toBe(302);
    expect(await count('dup-saba')).toBe(2);
    // Another phone with the same name is not a likely match.
    expect((await a.submit('/participants/quick', quick('Dup-Saba', '07700 900123'))).statusCode).toBe(302);
  });

  it('full registration with the same name and date of birth warns too', async () => {
    const a = await as(users.kw);
    const details = {
      preferredName: 'Dup-Mahlet',
      'dateOfBirth-day': '2',
      'dateOfBirth-month': '4',
      'dateOfBirth-year': '1990',
      neverContactAtHome: 'no',
      interpreterNeeded: 'no',
    };
    for (const expected of [302, 400]) {
      await a.submit('/participants/register', { purposes: ['support'], method: 'verbal' });
      const res = await a.submit('/participants/register/details', details);
      expect(res.statusCode).toBe(expected);
      if (expected === 400) expect(mainOf(res.body)).toContain('She may already be registered');
    }
    expect(await count('dup-mahlet')).toBe(1);
  });

  it('only records the user may see are matched (another organisation: no warning, nothing revealed)', async () => {
    await t.services.participants.quickRegister(actor(users.stranger), {
      preferredName: 'Dup-Elsewhere',
      supportConsent: 'yes',
      method: 'verbal',
      contactMethods: [],
      safeTimes: null,
      neverContactAtHome: false,
      phone: '07700 900888',
    });
    const a = await as(users.kw);
    expect((await a.submit('/participants/quick', quick('Dup-Elsewhere', '07700 900888'))).statusCode).toBe(
      302,
    );
  });
});
