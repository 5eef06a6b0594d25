import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useScenario } from '../../../tests/support/scenario.ts';
import { organisations } from '../../platform/auth/schema.ts';

const { t, org, users, actor, as, smtp } = useScenario({
  organisations: { harbour: 'Harbour', hotel: 'Reminder Hotel', other: 'Other Employer' },
  users: {
    admin: 'admin',
    kw: 'key_worker',
    employer: ['employer', 'hotel'],
    colleague: ['employer', 'hotel'],
    otherEmployer: ['employer', 'other'],
  },
  smtp: {},
});

let remindOn = '';
let validUntil = '';

beforeAll(async () => {
  for (const id of [org.hotel, org.other])
    await t.database.db.update(organisations).set({ kind: 'employer' }).where(eq(organisations.id, id));
  const e = t.services.employment;
  await e.ensureReferenceData();
  const code = (await e.commitments())[0]!.code;
  const pledge = await e.signPledge(actor(users.employer), {
    level: 'committed',
    commitments: [code],
    signedByName: 'A Signatory',
    publicOptIn: false,
  });
  remindOn = pledge.remindOn;
  validUntil = pledge.validUntil;
});

const dayBefore = (iso: string) => new Date(Date.parse(`${iso}T12:00:00Z`) - 864e5);
const on = (iso: string) => new Date(`${iso}T09:00:00Z`);

describe('the pledge renewal reminder', () => {
  it('is dated three months before the pledge ends, three years after signing', () => {
    const signed = new Date().toISOString().slice(0, 10);
    expect(validUntil.slice(0, 4)).toBe(String(Number(signed.slice(0, 4)) + 3));
    expect(remindOn < validUntil).toBe(true);
  });

  it("is emailed once, from its date, to the employer's people and the partnership's pledge reviewers", async () => {
    const e = t.services.employment;
    expect(await e.sendPledgeReminders(dayBefore(remindOn))).toBe(0);
    expect(smtp.lastTo(users.employer.email)).toBeUndefined();

    const sent = await e.sendPledgeReminders(on(remindOn));
    expect(sent).toBe(3);
    const toEmployer = smtp.lastTo(users.employer.email);
    expect(toEmployer?.subject).toContain(validUntil);
    expect(toEmployer?.text).toContain('please sign a new pledge');
    expect(toEmployer?.text).toContain('/employers/pledge');
    expect(smtp.lastTo(users.colleague.email)?.subject).toBe(toEmployer?.subject);
    expect(smtp.lastTo(users.admin.email)?.text).toContain('Reminder Hotel');
    // Not the key worker, and not another employer.
    expect(smtp.lastTo(users.kw.email)).toBeUndefined();
    expect(smtp.lastTo(users.otherEmployer.email)).toBeUndefined();

    // Once: the next hourly run, or a later day, sends nothing more.
    expect(await e.sendPledgeReminders(on(remindOn))).toBe(0);
    expect(await e.sendPledgeReminders(on(validUntil))).toBe(0);
    const { rows } = await t.database.pool.query(
      "select count(*)::int n from audit_events where action = 'employer.pledge-reminded'",
    );
    expect(rows[0].n).toBe(1);
  });

  it('shows the reminder date on the pledge page', async () => {
    const page = await (await as(users.employer)).get('/employers/pledge');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Reminder on');
  });
});
