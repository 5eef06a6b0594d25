import { describe, expect, it } from 'vitest';
import { mainOf } from '../../../tests/support/agent.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { channelStates, channelUsable } from './contact-rules.ts';
import type { ConsentPurpose } from './schema.ts';

/** Issue 12 point 3: one rule for every channel: her consent to it AND listed as a safe method. */
describe('the contact rule', () => {
  const cases: [string, ConsentPurpose[], string[], boolean, string[]][] = [
    ['phone', ['support', 'contact_phone'], ['phone'], true, []],
    ['phone', ['support'], ['phone'], false, ['no_consent']],
    ['sms', ['support', 'contact_sms'], [], false, ['not_safe_method']],
    ['sms', ['support'], [], false, ['no_consent', 'not_safe_method']],
    ['whatsapp', ['support'], ['whatsapp'], false, ['no_consent']],
    ['whatsapp', ['contact_whatsapp'], ['whatsapp'], true, []],
    ['in_person', ['support'], ['in_person'], true, []],
    ['email', ['contact_email'], ['email'], true, []],
  ];
  it.each(cases)(
    '%s with consents %j and safe methods %j: usable %s',
    (channel, consents, safe, usable, reasons) => {
      const r = channelUsable(channel as never, { consents: new Set(consents), contactMethods: safe });
      expect(r).toEqual({ channel, usable, reasons });
    },
  );
  it('gives a state for every channel she might be offered, each with a consent purpose', () => {
    const states = channelStates({ consents: new Set(['contact_sms']), contactMethods: ['sms'] });
    expect(states.map((s) => s.channel)).toEqual(['phone', 'sms', 'email', 'whatsapp', 'in_person']);
    expect(states.filter((s) => s.usable).map((s) => s.channel)).toEqual(['sms']);
  });
});

const { t, users, as, actor } = useScenario({ users: { kw: 'key_worker' } });

describe('shown where contact is set', () => {
  it('her record and the safe contact form say which channels can be used and why not', async () => {
    const a = await as(users.kw);
    expect(
      (await a.submit('/participants/register', { purposes: ['support', 'contact_sms'], method: 'written' }))
        .statusCode,
    ).toBe(302);
    const details = await a.get('/participants/register/details');
    // Step 2 already knows what she agreed to in step 1.
    expect(mainOf(details.body)).toContain('She has not agreed to phone calls');
    const done = await a.submit('/participants/register/details', {
      preferredName: 'Rule-Nadia',
      neverContactAtHome: 'yes',
      contactMethods: ['phone'],
      phone: '07700 900555',
      interpreterNeeded: 'no',
    });
    expect(done.statusCode).toBe(302);
    const id = String(done.headers.location).split('/').pop()!;
    const record = mainOf((await a.get(`/participants/${id}`)).body);
    expect(record).toContain('Phone call: not used, she has not agreed to phone calls');
    expect(record).toContain('Text message: not used, not listed as a safe way to contact her');
    expect(record).not.toContain('Can be used: ');
    // Each card's link is named once after its card (was "Change Safe contact (Safe contact)").
    expect(record).toContain('>Change<span class="govuk-visually-hidden"> (Safe contact)</span></a>');
    const edit = mainOf((await a.get(`/participants/${id}/edit/contact`)).body);
    expect(edit).toContain('She has not agreed to phone calls');
    expect(edit).toContain('She agreed to text messages');
    // Her phone number reads left to right as one unit in an Arabic page (not "900555 07700").
    const arabic = mainOf((await a.get(`/participants/${id}?lang=ar`)).body);
    expect(arabic).toContain('<span dir="ltr">07700 900555</span>');
    await a.get(`/participants/${id}?lang=en`); // the language chosen is kept: back to English
  });

  it('offers WhatsApp only with a consent purpose of its own', async () => {
    const a = await as(users.kw);
    const register = await a.get('/participants/register');
    expect(register.body).toContain('value="contact_whatsapp"');
  });

  it('pre-selects nothing for her on the walk-in forms, and the quick form records contact consents', async () => {
    const a = await as(users.kw);
    const quick = await a.get('/participants/quick');
    expect(mainOf(quick.body)).not.toMatch(/type="radio" value="[a-z_]+" checked/);
    expect(mainOf(quick.body)).toContain('value="contact_sms"');
    const session = await t.services.casework.createSession(actor(users.kw), {
      place: 'Rule hall',
      startsAt: new Date(Date.now() - 3_600_000),
      endsAt: new Date(Date.now() + 3_600_000),
      capacity: 10,
    });
    const register = await a.get(`/drop-ins/${session}`);
    expect(register.statusCode).toBe(200);
    expect(mainOf(register.body)).toContain('name="method"');
    expect(mainOf(register.body)).not.toMatch(/name="method" type="radio" value="[a-z]+" checked/);
    const done = await a.submit('/participants/quick', {
      preferredName: 'Rule-Quick',
      supportConsent: 'yes',
      contactConsents: ['contact_sms'],
      method: 'verbal',
      neverContactAtHome: 'no',
      contactMethods: ['sms'],
      phone: '07700 900556',
    });
    expect(done.statusCode).toBe(302);
    const record = mainOf((await a.get(String(done.headers.location))).body);
    expect(record).toContain('Can be used: Text message');
  });
});
