// Issue 12 point 17: demo data that does not confuse. Partnership services are run by the
// organisation that maintains them (and so use Wayfinder when referred to), the key workers of
// different organisations have different names, and a service is tagged only with needs its
// description speaks of.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, registerWalkIn, signIn, type TestApp } from '../../tests/support/app.ts';
import { demoServiceDocuments, seedDemoDirectory } from '../modules/directory/demo.ts';
import { templates } from '../modules/directory/demo-data.ts';
import { seedDemo } from './demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.database.db, t.services);
  // As npm start does (main.ts): the partnership's organisations, not its employers, maintain services.
  const { rows } = await t.database.pool.query(
    "select id from organisations where kind <> 'employer' order by created_at",
  );
  await seedDemoDirectory(t.database.db, t.services.audit, {
    count: 60,
    owners: rows.map((r) => r.id as string),
  });
});
afterAll(() => t.close());

describe('demo data', () => {
  it('each partnership service is run by the organisation that maintains it', async () => {
    const { rows } = await t.database.pool.query(
      `select s.owner_organisation_id owner, s.organization_id runs, o.name maintainer, d.name runner
         from directory_service s
         join organisations o on o.id = s.owner_organisation_id
         join directory_organization d on d.id = s.organization_id`,
    );
    expect(rows.length).toBe(36);
    expect(rows.filter((r) => r.owner !== r.runs || r.maintainer !== r.runner)).toEqual([]);
  });

  it('gives the key workers (and managers) of each organisation their own names', async () => {
    const { rows } = await t.database.pool.query(
      "select role, array_agg(name) names from users where role in ('key_worker', 'manager') group by role",
    );
    for (const r of rows) {
      const firstNames = (r.names as string[]).map((n) => n.split(' ')[0]);
      expect(new Set(firstNames).size, r.role).toBe(firstNames.length);
    }
  });

  it('tags a service only with needs its description speaks of', () => {
    for (const doc of demoServiceDocuments({ count: 320 })) {
      const template = templates.find((tp) => tp.names.some((n) => String(doc.name).includes(n)))!;
      const allowed = new Set([template.need, ...(template.alsoNeeds ?? [])].map((n) => n.id));
      const needs = (doc.attributes as { taxonomy_term: { id: string; taxonomy_id: string } }[])
        .map((a) => a.taxonomy_term)
        .filter((term) => term.taxonomy_id === template.need.taxonomyId);
      expect(
        needs.filter((n) => !allowed.has(n.id)),
        String(doc.name),
      ).toEqual([]);
    }
  });

  it("shows a partner's own service as using Wayfinder when a key worker refers to it", async () => {
    const { rows } = await t.database.pool.query(
      `select s.id, o.name from directory_service s join organisations o on o.id = s.owner_organisation_id
        where o.name like 'Riverside%' limit 1`,
    );
    const { rows: harbour } = await t.database.pool.query(
      "select id from organisations where name like 'Harbour%'",
    );
    const kw = await createUser(t, harbour[0].id, 'key_worker');
    const her = await registerWalkIn(t, kw, 'Zahra Demo');
    const agent = await signIn(t, kw);
    const page = await agent.get(`/participants/${her}/referrals/new?serviceId=${rows[0].id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('uses Wayfinder: they will answer the referral in their inbox');
    expect(page.body).not.toContain('does not use Wayfinder');
  });
});
