import { describe, expect, it } from 'vitest';
import { findAnywhere } from '../../../tests/support/find-anywhere.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { scales } from './schema.ts';

/**
 * Erasure leaves nothing of her casework behind: every free text written about her (contacts,
 * restricted ones and their earlier versions; every assessment, strengths in her words; her plan;
 * referral notes and answers), searched for in every text column of every table, while the bare
 * facts that aggregate counts are made of (how many contacts, referrals, attendances...) stay.
 */
const { t, users, as, actor } = useScenario({
  organisations: { owner: 'Owner', partner: 'Partner' },
  users: { kw: 'key_worker', manager: 'manager', admin: 'admin', partnerKw: ['key_worker', 'partner'] },
});
const { kw, manager, admin, partnerKw } = users;

const her = {
  name: 'Kidist-Erasecase',
  note: 'Erasecase-contact-note',
  restricted: 'Erasecase-restricted-disclosure',
  earlier: 'Erasecase-earlier-version',
  managerNote: 'Erasecase-manager-restricted',
  strengths: 'Erasecase-strengths-in-her-words',
  needNote: 'Erasecase-need-note',
  strengthsV2: 'Erasecase-second-assessment',
  goal: 'Erasecase-goal-in-her-words',
  step: 'Erasecase-plan-step',
  referral: 'Erasecase-referral-note',
  offPlatform: 'Erasecase-summary-note',
  declined: 'Erasecase-decline-reason',
};
// Her phone number is stored encrypted: searched for all the same, in case it ever is not.
const phone = '07700 900654';
const needles = [...Object.values(her), 'Kidist', phone, '900654'];

async function counts(id: string) {
  const { rows } = await t.database.pool.query(
    `select
       (select count(*)::int from casework_contacts where participant_id = $1) contacts,
       (select count(*)::int from casework_contacts where participant_id = $1 and restricted) restricted,
       (select count(*)::int from casework_assessments where participant_id = $1) assessments,
       (select count(*)::int from casework_scale_readings where participant_id = $1) scores,
       (select count(*)::int from casework_plan_goals where participant_id = $1 and status = 'achieved') achieved,
       (select count(*)::int from casework_plan_goals where participant_id = $1) goals,
       (select count(*)::int from casework_plan_steps s join casework_plan_goals g on g.id = s.goal_id
          where g.participant_id = $1 and s.done_at is not null) steps_done,
       (select count(*)::int from casework_plan_reviews where participant_id = $1) reviews,
       (select count(*)::int from casework_referrals where participant_id = $1) referrals,
       (select count(*)::int from casework_referrals where participant_id = $1 and status = 'declined') declined,
       (select count(*)::int from casework_referral_events e join casework_referrals r on r.id = e.referral_id
          where r.participant_id = $1) referral_events,
       (select count(*)::int from casework_drop_in_attendance where participant_id = $1) attendance,
       (select count(*)::int from casework_drop_in_attendance where participant_id = $1 and walk_in) walk_ins`,
    [id],
  );
  return rows[0];
}

describe('erasure of her casework', () => {
  it('leaves no text about her in any table, and keeps the counts', async () => {
    const c = t.services.casework;
    const p = t.services.participants;
    const k = actor(kw);
    const session = await c.createSession(k, {
      place: 'Community hall',
      startsAt: new Date(Date.now() - 3_600_000),
      endsAt: new Date(Date.now() + 3_600_000),
      capacity: 10,
    });
    // She walks in to a drop-in and is registered on the spot.
    const id = await c.walkIn(k, session, {
      preferredName: her.name,
      supportConsent: 'yes',
      method: 'verbal',
      contactMethods: ['sms'],
      safeTimes: null,
      neverContactAtHome: true,
      phone,
    } as never);
    const later = await c.createSession(k, {
      place: 'Library',
      startsAt: new Date(Date.now() - 3_600_000),
      endsAt: new Date(Date.now() + 7_200_000),
      capacity: 10,
    });
    await c.attend(k, later, id);

    // Contacts: an ordinary one edited (its earlier version kept), a restricted one, a manager's.
    const day = { happenedOn: '2026-01-05', nextContactOn: '2099-01-01' };
    const edited = await c.addContact(k, id, {
      ...day,
      kind: 'phone',
      notes: her.earlier,
      restricted: false,
    });
    await c.editContact(k, edited, { ...day, kind: 'phone', notes: her.note, restricted: false });
    await c.addContact(k, id, { ...day, kind: 'one_to_one', notes: her.restricted, restricted: true });
    await c.addContact(actor(manager), id, {
      ...day,
      kind: 'outreach',
      notes: her.managerNote,
      restricted: true,
    });

    // Two assessments on two versions of the form.
    const scores = Object.fromEntries(scales.map((s) => [s, 4])) as never;
    const v1 = await c.templateForNew(k, id);
    await c.addAssessment(k, id, v1.id, {
      needs: { english: { level: 'urgent', note: her.needNote } },
      strengths: her.strengths,
      scores,
    });
    await c.publishTemplate(actor(admin), { domains: ['english', 'employment'], scales: [...scales] });
    const v2 = await c.templateForNew(k, id);
    await c.addAssessment(k, id, v2.id, {
      needs: { employment: { level: 'some', note: her.needNote } },
      strengths: her.strengthsV2,
      scores,
    });

    // Her plan, a step done, the goal achieved, reviewed together.
    const goal = await c.addGoal(k, id, { goal: her.goal, domains: ['employment'] });
    await c.addStep(k, goal, { step: her.step, owner: 'her', dueOn: null });
    const { steps } = await c.goalWithSteps(k, goal);
    await c.updateGoalProgress(k, goal, { status: 'achieved', doneStepIds: [steps[0]!.id] });
    await c.reviewPlan(k, id, { reviewedOn: '2026-01-06', nextReviewOn: '2099-02-01' });

    // Referrals: one to a partner on the platform, which declines with a reason; one off the platform.
    await p.recordConsent(k, id, {
      purpose: 'share_organisation',
      organisationId: partnerKw.organisationId,
      given: true,
      method: 'verbal',
    });
    const onPlatform = await t.services.directory.createService(
      { userId: partnerKw.id, organisationId: partnerKw.organisationId, role: 'manager' },
      { name: 'Partner English Service', description: 'Help' },
    );
    const referral = await c.createReferral(k, id, {
      serviceId: onPlatform.id,
      sections: ['names'],
      note: her.referral,
      agreed: false,
    });
    await c.moveReferral(actor(partnerKw), referral.id, 'declined', her.declined);
    const elsewhere = await t.services.directory.createService(
      { userId: admin.id, organisationId: partnerKw.organisationId, role: 'manager' },
      { name: 'Elsewhere Advice', description: 'Help' },
    );
    await t.database.pool.query('update directory_service set organization_id = null where id = $1', [
      elsewhere.id,
    ]);
    await c.createReferral(k, id, {
      serviceId: elsewhere.id,
      sections: ['names'],
      note: her.offPlatform,
      agreed: true,
    });

    // Everything is there to be found before erasure, and the pages about her are used.
    const found = await findAnywhere(t, needles);
    for (const needle of Object.values(her))
      expect(
        found.some((f) => f.endsWith(` ${needle}`)),
        needle,
      ).toBe(true);
    const m = await as(manager);
    for (const path of ['', '/contacts', '/assessments', '/plan', '/referrals'])
      expect((await m.get(`/participants/${id}${path}`)).statusCode).toBe(200);
    const before = await counts(id);
    expect(before).toEqual({
      contacts: 5, // three written, and one drop_in contact for each attendance
      restricted: 2,
      assessments: 2,
      scores: 2 * scales.length,
      achieved: 1,
      goals: 1,
      steps_done: 1,
      reviews: 1,
      referrals: 2,
      declined: 1,
      referral_events: before.referral_events,
      attendance: 2,
      walk_ins: 1,
    });
    expect(before.referral_events).toBeGreaterThanOrEqual(3);

    const res = await m.submit(`/participants/${id}/erase`, {});
    expect(res.statusCode).toBe(302);

    expect(await findAnywhere(t, needles)).toEqual([]);
    expect(await counts(id)).toEqual(before);
    // Her casework pages are gone with her record.
    for (const path of ['/contacts', '/assessments', '/plan', '/referrals'])
      expect((await m.get(`/participants/${id}${path}`)).statusCode).toBe(404);
  });
});
