import { describe, expect, it } from 'vitest';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

/** Her subject access export holds her casework: contacts with their earlier versions, goals with steps. */
const { t, users, actor } = useScenario({ users: { kw: 'key_worker' } });

interface CaseworkExport {
  contacts: { notes: string; earlierVersions: { notes: string }[] }[];
  referrals: unknown[];
  plan: { goals: { goal: string; steps: { step: string }[] }[] };
}
const caseworkOf = async (id: string) => {
  // The export's module sections are typed unknown: each module knows its own.
  const all: unknown = await t.services.participants.subjectAccessExport(actor(users.kw), id, 'json');
  return (all as { casework: CaseworkExport }).casework;
};

describe('the casework part of her subject access export', () => {
  it('lists each contact with its earlier versions and each goal with its steps', async () => {
    const k = actor(users.kw);
    const c = t.services.casework;
    const id = await registerWalkIn(t, users.kw, 'Export-Eden');
    const contact = {
      kind: 'phone' as const,
      happenedOn: '2026-01-05',
      nextContactOn: null,
      restricted: false,
    };
    const contactId = await c.addContact(k, id, { ...contact, notes: 'Export first words' });
    await c.editContact(k, contactId, { ...contact, notes: 'Export second words' });
    const goal = await c.addGoal(k, id, { goal: 'Export goal', domains: ['english'] });
    await c.addStep(k, goal, { step: 'Export step', owner: 'her', dueOn: null });

    const casework = await caseworkOf(id);
    expect(casework.contacts).toHaveLength(1);
    expect(casework.contacts[0]).toMatchObject({
      notes: 'Export second words',
      earlierVersions: [{ notes: 'Export first words' }],
    });
    expect(casework.referrals).toEqual([]);
    expect(casework.plan.goals).toMatchObject([{ goal: 'Export goal', steps: [{ step: 'Export step' }] }]);
  });

  it('is empty, not an error, for a woman with no casework yet', async () => {
    const casework = await caseworkOf(await registerWalkIn(t, users.kw, 'Export-Empty'));
    expect(casework.contacts).toEqual([]);
    expect(casework.referrals).toEqual([]);
    expect(casework.plan.goals).toEqual([]);
  });
});
