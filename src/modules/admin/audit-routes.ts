import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf } from '../../platform/auth/routes.ts';
import { fieldErrors } from '../../platform/http/forms.ts';
import { anyQuery, type ZodTypeProvider } from '../../platform/http/zod.ts';
import type { AdminService } from './service.ts';

const e = 'admin.audit.errors.';
const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const text = z.preprocess(blank, z.string(`${e}tooLong`).trim().max(200, `${e}tooLong`).optional());
/** A day that exists: Date refuses 2026-13-01 and rolls 2026-02-30 on to March; both are wrong here. */
const isRealDate = (s: string) => {
  const day = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(s);
};
const date = z.preprocess(
  blank,
  z
    .string(`${e}dateInvalid`)
    .regex(/^\d{4}-\d{2}-\d{2}$/, `${e}dateInvalid`)
    .refine(isRealDate, `${e}dateInvalid`)
    .optional(),
);

const filterSchema = z
  .object({
    action: text,
    user: z.preprocess(blank, z.uuid(`${e}userInvalid`).optional()),
    recordType: text,
    recordId: text,
    from: date,
    to: date,
    before: z.coerce.number().int().positive().optional().catch(undefined),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { path: ['to'], message: `${e}toBeforeFrom` });

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

/** The audit viewer: a GET form of filters over the events of the admin's organisation, paged. */
export async function auditRoutes(plugin: FastifyInstance, deps: { admin: AdminService }) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const { admin } = deps;
  const view = 'admin/views/audit.njk';

  app.get('/admin/audit', { schema: { querystring: anyQuery } }, async (req, reply) => {
    const actor = actorOf(req);
    const people = await admin.auditPeople(actor);
    const values = req.query;
    const page = { people, names: Object.fromEntries(people.map((p) => [p.id, p.name])), values };
    const parsed = filterSchema.safeParse(values);
    if (!parsed.success) return reply.code(400).view(view, { ...page, errors: fieldErrors(parsed.error) });

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
    const filters = new URLSearchParams(Object.entries(f).filter((kv): kv is [string, string] => !!kv[1]));
    const olderParams = new URLSearchParams(filters);
    if (nextBefore) olderParams.set('before', String(nextBefore));
    return reply.view(view, {
      ...page,
      events,
      filtered: filters.size > 0,
      older: nextBefore ? `/admin/audit?${olderParams}` : undefined,
      newest: before ? `/admin/audit?${filters}` : undefined,
    });
  });
}
