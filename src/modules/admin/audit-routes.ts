import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/routes.ts';
import { govukDate } from '../../platform/http/dates.ts';
import { parseForm } from '../../platform/http/forms.ts';
import { anyQuery, type ZodTypeProvider } from '../../platform/http/zod.ts';
import { auditActions, auditRecordTypes, humanise, recordLink } from './audit-actions.ts';
import type { AdminService } from './service.ts';

const e = 'admin.audit.errors.';
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const text = z.preprocess(blank, z.string(`${e}tooLong`).trim().max(200, `${e}tooLong`).optional());
const date = govukDate({ messages: { invalid: `${e}dateInvalid` } });

// Choice lists, not typed codes: a value off the list is the field's error, never a silent no-match.
const filterSchema = z
  .object({
    action: z.preprocess(blank, z.enum(auditActions, `${e}actionInvalid`).optional()),
    user: z.preprocess(blank, z.uuid(`${e}userInvalid`).optional()),
    recordType: z.preprocess(blank, z.enum(auditRecordTypes, `${e}recordTypeInvalid`).optional()),
    recordId: text,
    from: date,
    to: date,
    before: z.coerce.number().int().positive().optional().catch(undefined),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: `${e}toBeforeFrom` });

/** The query parameters a filter keeps from page to page (each date as its three parts). */
const kept = ['action', 'user', 'recordType', 'recordId'].concat(
  ...['from', 'to'].map((d) => ['day', 'month', 'year'].map((p) => `${d}-${p}`)),
);

/** Midnight at the start of a calendar day in the UK, where the partnership works. */
export function ukMidnight(day: string): Date {
  const utc = new Date(`${day}T00:00:00Z`);
  const zone = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', timeZoneName: 'shortOffset' })
    .formatToParts(utc)
    .find((p) => p.type === 'timeZoneName')?.value;
  const hours = Number(zone?.replace('GMT', '') || 0);
  return new Date(utc.getTime() - hours * 3_600_000);
}

const nextDay = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/** An action in plain English: its label, or its words for an action newer than the labels. */
const label = (t: (k: string, o?: Record<string, unknown>) => string, action: string) =>
  t(`admin.audit.actions.${action}`, { defaultValue: humanise(action) });

/** The audit viewer: a GET form of filters over the events of the admin's organisation, paged. */
export async function auditRoutes(plugin: FastifyInstance, deps: { admin: AdminService }) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const { admin } = deps;
  const view = 'admin/views/audit.njk';

  app.get('/admin/audit', { schema: { querystring: anyQuery } }, async (req, reply) => {
    const actor = actorOf(req);
    const people = await admin.auditPeople(actor);
    const values = req.query;
    const page = {
      people,
      names: Object.fromEntries(people.map((p) => [p.id, p.name])),
      values,
      actions: auditActions
        .map((a) => ({ value: a, text: label(req.t, a) }))
        .sort((x, y) => x.text.localeCompare(y.text)),
      recordTypes: auditRecordTypes,
    };
    const parsed = parseForm(filterSchema, values);
    if (!parsed.data) return reply.code(400).view(view, { ...page, errors: parsed.errors });

    const { before, ...f } = parsed.data;
    const { events, nextBefore } = await admin.auditEvents(
      actor,
      {
        action: f.action,
        actorUserId: f.user,
        recordType: f.recordType,
        recordId: f.recordId,
        from: f.from ? ukMidnight(f.from) : undefined,
        to: f.to ? ukMidnight(nextDay(f.to)) : undefined,
      },
      before,
    );
    const filters = new URLSearchParams(
      kept.flatMap((k) => (values[k]?.trim() ? [[k, values[k].trim()] as [string, string]] : [])),
    );
    const olderParams = new URLSearchParams(filters);
    if (nextBefore) olderParams.set('before', String(nextBefore));
    return reply.view(view, {
      ...page,
      events: events.map((ev) => ({
        ...ev,
        actionLabel: label(req.t, ev.action),
        link: recordLink(ev.recordType, ev.recordId),
      })),
      filtered: filters.size > 0,
      older: nextBefore ? `/admin/audit?${olderParams}` : undefined,
      newest: before ? `/admin/audit?${filters}` : undefined,
    });
  });
}
