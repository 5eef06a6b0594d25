// A key worker publishes a 1-2-1 slot (refused first during a drop-in at the same place), books it
// for a woman from her record, sees the confirmation sent by SMS and email, and cancels it (she is
// told); a confirmation the provider refused is sent again with "Send again". axe checks every page
// on the way.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createUser, walkInForm } from '../support/app.ts';
import { act, shown, signInAs, useBrowserApp, visit } from '../support/browser.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';

const texts: { phone_number: string; content: string }[] = [];
let provider: Server;
/** While true the SMS provider refuses every message. */
let failing = false;
let smtp: TestSmtp;

const web = useBrowserApp(async () => {
  provider = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (failing) {
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"errors":[]}');
        return;
      }
      texts.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res
        .writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: `j-${texts.length}` }));
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  smtp = await startSmtp();
  return {
    mailer: smtp.mailer,
    env: {
      SMS_PROVIDER_URL: `http://127.0.0.1:${(provider.address() as AddressInfo).port}`,
      SMS_API_KEY: 'journey-key',
    },
  };
});
afterAll(async () => {
  await new Promise<void>((resolve) => provider.close(() => resolve()));
  await smtp.close();
});

const en = (key: string, values?: Record<string, unknown>) => web.text('en', key, values);
const submit = (page: Page, index = 0) =>
  act(page, () => page.locator('#main-content form[method="post"] button[type="submit"]').nth(index).click());
const path = (page: Page) => new URL(page.url()).pathname;

describe('appointments journey', { timeout: 240_000 }, () => {
  it('publishes a slot outside drop-in times, books it from her record with a confirmation, and cancels it', async () => {
    const kw = await createUser(web.t, web.organisationId, 'key_worker');
    const actor = { userId: kw.id, organisationId: web.organisationId, role: 'key_worker' as const };
    const p = web.t.services.participants;
    const her = await p.quickRegister(actor, walkInForm('Journey Halima'));
    await p.updateSection(actor, her, {
      section: 'contact',
      data: {
        contactMethods: ['sms', 'email'],
        safeTimes: 'Weekday mornings',
        neverContactAtHome: true,
        phone: '07700 900888',
        email: 'halima.journey@example.net',
      } as never,
    });
    for (const purpose of ['contact_sms', 'contact_email'] as const)
      await p.recordConsent(actor, her, { purpose, organisationId: null, given: true, method: 'verbal' });

    const page = await web.newPage();
    await signInAs(page, kw, { from: '/sign-in?next=/drop-ins/new' });
    await page.locator('#place').fill('Journey hall');
    await page.locator('#date-day').fill('2');
    await page.locator('#date-month').fill('6');
    await page.locator('#date-year').fill('2099');
    await page.locator('#startTime').fill('10:00');
    await page.locator('#endTime').fill('12:00');
    await submit(page);

    // A slot at the hall during the drop-in is refused; after it, it is published.
    await visit(page, '/appointments');
    await act(page, () => page.getByRole('button', { name: en('appointments.slot.new') }).click());
    await page.getByLabel(en('appointments.modes.in_person')).check();
    await page.locator('#place').fill('Journey hall');
    await page.locator('#date-day').fill('2');
    await page.locator('#date-month').fill('6');
    await page.locator('#date-year').fill('2099');
    await page.locator('#startTime').fill('11:00');
    await page.locator('#length').selectOption('60');
    await submit(page);
    expect(await shown(page.locator('.govuk-error-summary'))).toContain(
      en('appointments.errors.dropInOverlap'),
    );
    await page.locator('#startTime').fill('12:30');
    await submit(page);
    expect(path(page)).toBe('/appointments');
    expect(await shown(page.locator('main'))).toContain(en('appointments.status.free'));

    // From her record: book the slot.
    await visit(page, `/participants/${her}`);
    await act(page, () =>
      page.getByRole('link', { name: en('appointments.nav.record'), exact: true }).click(),
    );
    expect(await shown(page.locator('main'))).toContain(en('appointments.her.noUpcoming'));
    await page.locator('input[name="slotId"]').first().check();
    await submit(page);
    expect(path(page)).toMatch(/^\/appointments\/bookings\//);
    const main = await shown(page.locator('main'));
    expect(main).toContain('Confirmation sent by SMS at');
    expect(main).toContain('Confirmation sent by email at');
    expect(texts.at(-1)!.phone_number).toBe('07700 900888');
    expect(smtp.lastTo('halima.journey@example.net')?.subject).toBe('Your appointment');

    // Cancel it, after saying why: back on her appointments, nothing upcoming, it is listed as cancelled.
    await act(page, () => page.getByRole('button', { name: en('appointments.booking.cancel') }).click());
    expect(path(page)).toMatch(/\/cancel$/);
    await page.getByLabel(en('appointments.cancel.reasons.she_asked')).check();
    await act(page, () => page.getByRole('button', { name: en('appointments.cancel.confirm') }).click());
    expect(path(page)).toBe(`/participants/${her}/appointments`);
    expect(await shown(page.locator('main'))).toContain(en('appointments.her.noUpcoming'));
    expect(await shown(page.locator('main'))).toContain(en('appointments.her.cancelled'));
    expect(texts.at(-1)!.content).toMatch(/is cancelled\. Call us to arrange another\.$/);
    expect(smtp.lastTo('halima.journey@example.net')?.subject).toBe('Your appointment is cancelled');

    // The provider refuses the next confirmation: "Send again" once it is back.
    failing = true;
    await page.locator('input[name="slotId"]').first().check();
    await submit(page);
    failing = false;
    expect(await shown(page.locator('main'))).toContain('Confirmation by SMS failed to send');
    const before = texts.length;
    await act(page, () =>
      page
        .getByRole('button', { name: `${en('appointments.messages.retry')} (Confirmation by SMS)` })
        .click(),
    );
    expect(path(page)).toMatch(/^\/appointments\/bookings\//);
    expect(await shown(page.locator('.govuk-notification-banner'))).toContain(
      en('appointments.messages.retried.sent'),
    );
    expect(texts.length).toBe(before + 1);
    expect(await page.getByRole('button', { name: en('appointments.messages.retry') }).count()).toBe(0);
  });
});
