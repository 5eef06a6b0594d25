import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Agent } from '../../../tests/support/agent.ts';
import { createOrganisation, createUser } from '../../../tests/support/app.ts';
import { expectPage } from '../../../tests/support/expect.ts';
import { pdfText } from '../../../tests/support/pdf.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { users } from '../../platform/auth/schema.ts';

const {
  t,
  org,
  users: staff,
  agents,
  as,
} = useScenario({
  organisations: { harbour: 'Harbour', elsewhere: 'Elsewhere' },
  users: { kw: 'key_worker', kw2: 'key_worker', manager: 'manager', stranger: ['key_worker', 'elsewhere'] },
  signedIn: ['kw'],
});
const { kw, kw2, manager, stranger } = staff;
const agent = agents.kw;

const details = {
  preferredName: 'Hodan',
  givenName: 'Hodan Abdi',
  familyName: 'Farah-Testcase',
  'dateOfBirth-day': '3',
  'dateOfBirth-month': '7',
  'dateOfBirth-year': '1988',
  neverContactAtHome: 'yes',
  contactMethods: ['sms', 'in_person'],
  safeTimes: 'Tuesday mornings',
  phone: '07700 900456',
  email: 'hodan.testcase@example.org',
  languages: 'Somali, Arabic',
  interpreterNeeded: 'yes',
  interpreterLanguage: 'Somali',
  englishLevel: 'entry_1',
};

async function register(a: Agent, form = details): Promise<string> {
  const consent = await a.submit('/participants/register', {
    purposes: ['support', 'contact_sms'],
    method: 'verbal',
  });
  expect(consent.statusCode).toBe(302);
  expect(consent.headers.location).toBe('/participants/register/details');
  // Each test registers the same fictional Hodan again: say she is a different person each time
  // (the warning about a likely second record is tested in duplicates.test.ts).
  const done = await a.submit('/participants/register/details', { ...form, differentPerson: 'yes' });
  expect(done.statusCode).toBe(302);
  return String(done.headers.location).split('/').pop()!;
}

describe('registration with consent first', () => {
  it('asks for consent before details, and refuses to go on without consent to support', async () => {
    const res = await agent.submit('/participants/register', { purposes: ['contact_sms'], method: 'verbal' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('She must agree to support before we can keep a record');
    expect(res.body).toMatch(/value="contact_sms" checked/);
  });

  it('registers her, then shows her record with the safe-contact warning', async () => {
    const id = await register(agent);
    const page = await agent.get(`/participants/${id}`);
    expectPage(
      page,
      200,
      'She is registered.',
      'Never contact her at home.',
      'govuk-warning-text',
      'Farah-Testcase',
      '07700 900456',
      'Tuesday mornings',
    );
    const actions = (await t.services.audit.list({ recordId: id })).map((e) => e.action);
    expect(actions).toEqual(['participant.viewed', 'participant.created']);
  });

  it('keeps her details and shows each error when the details are not right', async () => {
    await agent.submit('/participants/register', { purposes: ['support'], method: 'written' });
    const res = await agent.submit('/participants/register/details', {
      ...details,
      preferredName: '',
      'dateOfBirth-day': '31',
      'dateOfBirth-month': '2',
      email: 'not-an-email',
    });
    expectPage(
      res,
      400,
      'Enter the name she wants us to use',
      'Enter a real date',
      'Enter an email address in the correct format',
      'value="Farah-Testcase"',
      'value="Tuesday mornings"',
    );
  });

  it('registers a walk-in in one step and asks for her details later', async () => {
    const res = await agent.submit('/participants/quick', {
      preferredName: 'Walk-in Wanjiru',
      supportConsent: 'yes',
      method: 'verbal',
      neverContactAtHome: 'no',
      contactMethods: 'phone',
      safeTimes: '',
      phone: '',
    });
    expect(res.statusCode).toBe(302);
    const page = await agent.get(String(res.headers.location));
    expect(page.body).toContain('Her registration is not complete.');
    expect(page.body).not.toContain('Never contact her at home.');
  });
});

describe('her record', () => {
  it('changes a section, keeping input and showing errors when wrong', async () => {
    const id = await register(agent);
    const bad = await agent.submit(`/participants/${id}/edit/circumstances`, {
      homeAreaCode: 'LEEDS',
      careCommitments: 'Two children at primary school',
      availableDays: ['mon', 'wed'],
      schoolHoursOnly: 'yes',
      availabilityNotes: '',
      travelLimitMinutes: '45',
    });
    expectPage(bad, 400, 'Choose her home area from the list', 'Two children at primary school');
    expect(bad.body).toMatch(/value="wed" checked/);
    expect(bad.body).toContain('Never contact her at home.');
    const good = await agent.submit(`/participants/${id}/edit/circumstances`, {
      homeAreaCode: 'e08000035',
      careCommitments: 'Two children at primary school',
      availableDays: ['mon', 'wed'],
      schoolHoursOnly: 'yes',
      availabilityNotes: '',
      travelLimitMinutes: '45',
    });
    expect(good.statusCode).toBe(302);
    const page = await agent.get(`/participants/${id}`);
    expect(page.body).toContain('Leeds');
    expect(page.body).toContain('45 minutes');
    expect(page.body).toContain('Monday, Wednesday');
  });

  it('records special-category data for her key worker, encrypted, and a full right-to-work check', async () => {
    const id = await register(agent);
    const incomplete = await agent.submit(`/participants/${id}/edit/special`, {
      immigrationStatus: 'refugee',
      rightToWorkMethod: 'online_share_code',
      rightToWorkOutcome: '',
    });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.body).toContain('Enter the date, how it was checked and what it showed');
    const res = await agent.submit(`/participants/${id}/edit/special`, {
      immigrationStatus: 'refugee',
      'rightToWorkCheckedOn-day': '1',
      'rightToWorkCheckedOn-month': '3',
      'rightToWorkCheckedOn-year': '2025',
      rightToWorkMethod: 'online_share_code',
      rightToWorkOutcome: 'unlimited',
      ethnicity: 'Somali',
      religion: '',
      sexuality: '',
      healthNotes: 'Uses a hearing aid',
    });
    expect(res.statusCode).toBe(302);
    const page = await agent.get(`/participants/${id}`);
    expect(page.body).toContain('Refugee status');
    expect(page.body).toContain('Online check with a share code');
    expect(page.body).toContain('Uses a hearing aid');
    const other = await as(kw2);
    const seen = await other.get(`/participants/${id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.body).not.toContain('Uses a hearing aid');
    expect(seen.body).not.toContain('Refugee status');
    expect((await other.get(`/participants/${id}/edit/special`)).statusCode).toBe(403);
  });

  it('adds and removes a qualification with its UK ENIC level', async () => {
    const id = await register(agent);
    const res = await agent.submit(`/participants/${id}/qualifications/new`, {
      title: 'Bachelor of Nursing',
      subject: 'Nursing',
      overseas: 'yes',
      country: 'Eritrea',
      yearAwarded: '2012',
      enicLevel: 'rqf_6',
    });
    expect(res.statusCode).toBe(302);
    const page = await agent.get(`/participants/${id}`);
    expect(page.body).toContain('Bachelor of Nursing');
    expect(page.body).toContain('RQF level 6');
    const qid = /qualifications\/([0-9a-f-]{36})\/remove/.exec(page.body)![1]!;
    await agent.submit(`/participants/${id}`, {}, `/participants/${id}/qualifications/${qid}/remove`);
    expect((await agent.get(`/participants/${id}`)).body).not.toContain('Bachelor of Nursing');
  });

  it('pauses, moves on and re-engages her, keeping her history', async () => {
    const id = await register(agent);
    expect((await agent.submit(`/participants/${id}/status/paused`, {})).statusCode).toBe(400);
    await agent.submit(`/participants/${id}/status/paused`, { reason: 'caring' });
    await agent.submit(`/participants/${id}/status/moved_on`, { reason: 'work' });
    await agent.submit(`/participants/${id}/status/active`, { reason: 're_engaged' });
    const page = await agent.get(`/participants/${id}`);
    expect(page.body).toContain('Caring responsibilities');
    expect(page.body).toContain('Found work');
    expect(page.body).toContain('She came back');
  });

  it('hands her over to another key worker, audited, and she moves caseloads', async () => {
    const id = await register(agent, { ...details, preferredName: 'Handover Hana' });
    expect((await agent.get('/caseload')).body).toContain('Handover Hana');
    const res = await agent.submit(`/participants/${id}/key-worker`, { keyWorker: kw2.id });
    expect(res.statusCode).toBe(302);
    expect((await agent.get('/caseload')).body).not.toContain('Handover Hana');
    const other = await as(kw2);
    expect((await other.get('/caseload')).body).toContain('Handover Hana');
    const events = await t.services.audit.list({ recordId: id, action: 'participant.key-worker-assigned' });
    expect(events[0]?.details).toEqual({ from: kw.id, to: kw2.id });
  });

  it('answers 404, not an error, for addresses that cannot name a record', async () => {
    for (const bad of ['not-a-uuid', '-'.repeat(36), '00000000-0000-4000-8000-000000000000'])
      expect((await agent.get(`/participants/${bad}`)).statusCode).toBe(404);
    const id = await register(agent);
    const res = await agent.submit(`/participants/${id}/consent`, {
      purpose: 'share_organisation',
      organisationId: '00000000-0000-4000-8000-000000000000',
      given: 'yes',
      method: 'verbal',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Select the organisation she agrees to share with');
  });

  it('records a withdrawal of consent, effective at once', async () => {
    const id = await register(agent);
    expect(await t.services.participants.hasConsent(id, 'contact_sms')).toBe(true);
    const res = await agent.submit(`/participants/${id}/consent`, {
      purpose: 'contact_sms',
      given: 'no',
      method: 'verbal',
    });
    expect(res.statusCode).toBe(302);
    expect(await t.services.participants.hasConsent(id, 'contact_sms')).toBe(false);
  });
});

describe('extension points', () => {
  it("shows other modules' links and caseload columns to her organisation", async () => {
    const svc = t.services.participants;
    svc.addRecordLink({
      key: 'participants.sections.history',
      href: (id) => `/participants/${id}/plan-test`,
    });
    svc.addCaseloadColumn({
      id: 'nextContact',
      headingKey: 'participants.caseload.updated',
      load: async (_db, ids) => new Map(ids.map((id) => [id, 'Column-Value-Test'])),
    });
    const id = await register(agent, { ...details, preferredName: 'Linked Lula' });
    expect((await agent.get(`/participants/${id}`)).body).toContain(`/participants/${id}/plan-test`);
    expect((await agent.get('/caseload')).body).toContain('Column-Value-Test');
  });
});

describe('caseload and search', () => {
  it("shows a manager the organisation's caseloads grouped by key worker", async () => {
    await register(agent, { ...details, preferredName: 'Grouped Grace' });
    const m = await as(manager);
    const overview = await m.get('/caseload');
    expectPage(overview, 200, 'Caseloads', `/caseload?keyWorker=${kw.id}`);
    const drill = await m.get(`/caseload?keyWorker=${kw.id}`);
    expect(drill.body).toContain('Grouped Grace');
  });

  it("refuses a manager another organisation's key worker: 404, and her name is not shown", async () => {
    const other = await createOrganisation(t, 'Northgate');
    const stranger = await createUser(t, other, 'key_worker');
    await t.database.db
      .update(users)
      .set({ name: 'Zainab Elsewhere-Staff' })
      .where(eq(users.id, stranger.id));
    const m = await as(manager);
    const res = await m.get(`/caseload?keyWorker=${stranger.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('Zainab Elsewhere-Staff');
    // Her own organisation's key worker still opens, and an unknown id is refused the same way.
    expect((await m.get(`/caseload?keyWorker=${kw.id}`)).statusCode).toBe(200);
    expect((await m.get('/caseload?keyWorker=00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('finds a walk-in by any of her names within the organisation', async () => {
    await register(agent, { ...details, preferredName: 'Searchable Selam', familyName: 'Tesfay-Unique' });
    const res = await agent.get('/participants/search?q=tesfay-uniq');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Searchable Selam');
    expect((await (await as(stranger)).get('/participants/search?q=tesfay-uniq')).body).not.toContain(
      'Searchable Selam',
    );
  });
});

describe('her data rights', () => {
  it('exports everything held about her as JSON and as a tagged PDF', async () => {
    const id = await register(agent, { ...details, preferredName: 'Export Eleni' });
    const json = await agent.get(`/participants/${id}/export.json`);
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-disposition']).toContain('attachment');
    const data = JSON.parse(json.body);
    expect(data.participant.preferredName).toBe('Export Eleni');
    expect(data.participant.email).toBe('hodan.testcase@example.org');
    expect(data.consents.map((c: { purpose: string }) => c.purpose).sort()).toEqual([
      'contact_sms',
      'support',
    ]);
    const pdf = await agent.get(`/participants/${id}/export.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.rawPayload;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain('/StructTreeRoot');
    expect(bytes.toString('latin1')).toContain('/Lang (en-GB)');
    const text = pdfText(bytes);
    expect(text).toContain('Export Eleni');
    expect(text).toContain('hodan.testcase@example.org');
    const actions = (await t.services.audit.list({ recordId: id })).map((e) => e.action);
    expect(actions.filter((a) => a === 'participant.exported')).toHaveLength(2);
  });

  it('writes the PDF as a document she can read: headings, labels, codes and dates in words, no ids', async () => {
    const id = await register(agent, { ...details, preferredName: 'Readable Rahel' });
    const pdf = await agent.get(`/participants/${id}/export.pdf`);
    expect(pdf.statusCode).toBe(200);
    const raw = pdf.rawPayload.toString('latin1');
    expect(raw).toMatch(/^%PDF-1\.7/);
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toMatch(/\/S \/H1/);
    expect(raw).toMatch(/\/S \/H2/);
    const text = pdfText(pdf.rawPayload);
    if (process.env.SHOW_PDF) console.log(text);
    expect(text).toContain('Information held about Readable Rahel');
    // Labels, not field names; codes in words; her date of birth written out.
    expect(text).toContain('Your level of English: ESOL Entry 1');
    expect(text).not.toContain('entry_1');
    expect(text).not.toContain('englishLevel');
    expect(text).toContain('3 July 1988');
    expect(text).toContain('Contact by text message');
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    // Her languages are Somali and Arabic: Arabic lines cannot be laid out yet, so English, said so.
    expect(raw).toContain('/Lang (en-GB)');
    expect(text).toContain('This copy is in English');
  });

  it('names the organisations in her copy: whom she agreed to share with, who used her record', async () => {
    const id = await register(agent, { ...details, preferredName: 'Named Nasra' });
    const consent = await agent.submit(`/participants/${id}/consent`, {
      purpose: 'share_organisation',
      organisationId: org.elsewhere,
      given: 'yes',
      method: 'written',
    });
    expect(consent.statusCode).toBe(302);
    const json = JSON.parse((await agent.get(`/participants/${id}/export.json`)).body);
    const shared = json.consents.find((c: { purpose: string }) => c.purpose === 'share_organisation');
    expect(shared.organisationName).toBe('Elsewhere');
    expect(json.accessLog.every((e: { organisationName: string }) => e.organisationName === 'Harbour')).toBe(
      true,
    );
    // The PDF hides ids, so without the names she could not tell with whom or by whom.
    const text = pdfText((await agent.get(`/participants/${id}/export.pdf`)).rawPayload);
    expect(text).toContain('Organisation: Elsewhere');
    expect(text).toContain('Organisation: Harbour');
  });

  it('lets a manager erase her record, which then cannot be found', async () => {
    const id = await register(agent, { ...details, preferredName: 'Erased Esther' });
    expect((await agent.get(`/participants/${id}/erase`)).statusCode).toBe(403);
    const m = await as(manager);
    expect((await m.get(`/participants/${id}/erase`)).statusCode).toBe(200);
    const res = await m.submit(`/participants/${id}/erase`, {});
    expect(res.statusCode).toBe(302);
    expect((await m.get(`/participants/${id}`)).statusCode).toBe(404);
    expect((await agent.get('/caseload')).body).not.toContain('Erased Esther');
  });
});
