/**
 * The staff service form's input (`serviceInputSchema`: a bad field is a ValidationError with an
 * i18n key per field) and the HSDS service_full document it describes, with stable child ids so an
 * edit replaces rather than duplicates. Used by the staff writes in service.ts.
 */
import { z } from 'zod';
import { ValidationError } from '../../platform/http/errors.ts';
import { nameBasedId, termAttribute } from './document.ts';
import { isEmailAddress, isWebLink } from './links.ts';
import { serviceStatuses } from './schema.ts';
import type { ServiceFull } from './service.ts';
import { shippedTermById } from './taxonomies.ts';

const POSTCODE =
  /^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPS-UW]|[A-HK-Y][0-9][ABEHMNPRV-Y]) ?[0-9][ABD-HJLNP-UW-Z]{2})$/i;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'too-long')
    .optional()
    .transform((v) => (v ? v : undefined));
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((x) => x !== ''));

/**
 * The staff form for a service. Field errors are i18n keys under `directory.errors.` for the routes'
 * engineer to define: required, too-long, email, url, phone, postcode, status, term, area, age, time.
 */
export const serviceInputSchema = z
  .object({
    name: z.string().trim().min(1, 'required').max(200, 'too-long'),
    description: z.string().trim().min(1, 'required').max(5000, 'too-long'),
    status: z.enum(serviceStatuses, { error: 'status' }).default('active'),
    email: optionalText(200).refine((v) => !v || isEmailAddress(v), 'email'),
    // An http(s) address with a dotted host name: a public page links to it.
    url: optionalText(500).refine((v) => !v || (isWebLink(v) && /^https?:\/\/\S+\.\S+$/.test(v)), 'url'),
    phone: optionalText(30).refine((v) => !v || PHONE.test(v), 'phone'),
    applicationProcess: optionalText(2000),
    eligibility: optionalText(2000),
    minimumAge: z
      .union([z.literal(''), z.coerce.number().int('age').min(0, 'age').max(120, 'age')])
      .optional()
      .transform((v) => (v === '' ? undefined : v)),
    maximumAge: z
      .union([z.literal(''), z.coerce.number().int('age').min(0, 'age').max(120, 'age')])
      .optional()
      .transform((v) => (v === '' ? undefined : v)),
    /** Ids of shipped taxonomy terms (need, who-for, delivery). */
    termIds: list.refine((ids) => ids.every((id) => shippedTermById(id)), 'term'),
    /** ONS codes of the local authority areas served. */
    areaCodes: list,
    /** ISO 639-1 codes of languages spoken by staff, e.g. ["ar", "fa"]. */
    languages: list.refine((codes) => codes.every((c) => /^[a-z]{2,3}$/.test(c)), 'language'),
    free: z
      .union([z.boolean(), z.enum(['yes', 'no', 'true', 'false', 'on', ''])])
      .optional()
      .transform((v) => v === true || v === 'yes' || v === 'true' || v === 'on'),
    locationName: optionalText(200),
    address1: optionalText(200),
    town: optionalText(100),
    postcode: optionalText(16).refine((v) => !v || POSTCODE.test(v), 'postcode'),
    latitude: z.coerce.number().min(49).max(61).optional(),
    longitude: z.coerce.number().min(-9).max(3).optional(),
    /** A refuge or safe house: the address is stored but never shown publicly. */
    withheld: z
      .union([z.boolean(), z.enum(['yes', 'no', 'true', 'false', 'on', ''])])
      .optional()
      .transform((v) => v === true || v === 'yes' || v === 'true' || v === 'on'),
    /** Weekly opening: days (MO..SU) and times HH:MM. */
    openDays: list.refine(
      (d) => d.every((x) => ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'].includes(x)),
      'day',
    ),
    opensAt: optionalText(5).refine((v) => !v || /^([01]\d|2[0-3]):[0-5]\d$/.test(v), 'time'),
    closesAt: optionalText(5).refine((v) => !v || /^([01]\d|2[0-3]):[0-5]\d$/.test(v), 'time'),
  })
  .superRefine((v, ctx) => {
    if (v.minimumAge !== undefined && v.maximumAge !== undefined && v.minimumAge > v.maximumAge)
      ctx.addIssue({ code: 'custom', path: ['maximumAge'], message: 'age' });
    const anyAddress = v.address1 || v.town || v.postcode;
    if (anyAddress) {
      if (!v.address1) ctx.addIssue({ code: 'custom', path: ['address1'], message: 'required' });
      if (!v.town) ctx.addIssue({ code: 'custom', path: ['town'], message: 'required' });
      if (!v.postcode) ctx.addIssue({ code: 'custom', path: ['postcode'], message: 'required' });
    }
    if (v.withheld && !anyAddress && !v.areaCodes.length)
      ctx.addIssue({ code: 'custom', path: ['areaCodes'], message: 'area' });
    if (v.openDays.length && (!v.opensAt || !v.closesAt))
      ctx.addIssue({ code: 'custom', path: [v.opensAt ? 'closesAt' : 'opensAt'], message: 'time' });
  });
export type ServiceInput = z.input<typeof serviceInputSchema>;
type ParsedInput = z.output<typeof serviceInputSchema>;

export function parseInput(input: unknown): ParsedInput {
  const result = serviceInputSchema.safeParse(input);
  if (result.success) return result.data;
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    const code = /^[a-z-]+$/.test(issue.message) ? issue.message : 'invalid';
    errors[field] ??= `directory.errors.${code}`;
  }
  throw new ValidationError(errors);
}

/** Stable child ids for a staff-maintained service, so an edit replaces rather than duplicates. */
function childId(serviceId: string, kind: string, n = 0): string {
  return nameBasedId(`${serviceId}/${kind}/${n}`);
}

/** Builds the HSDS service_full document a staff form describes. */
export function serviceDocumentFromInput(
  id: string,
  organization: { id: string; name: string },
  v: ParsedInput,
  areaNames: Map<string, string>,
): ServiceFull {
  const doc: ServiceFull = {
    id,
    name: v.name,
    description: v.description,
    status: v.status,
    url: v.url,
    email: v.email,
    application_process: v.applicationProcess,
    eligibility_description: v.eligibility,
    minimum_age: v.minimumAge,
    maximum_age: v.maximumAge,
    last_modified: new Date().toISOString(),
    organization: { id: organization.id, name: organization.name, description: organization.name },
    phones: v.phone ? [{ id: childId(id, 'phone'), number: v.phone }] : [],
    languages: v.languages.map((code) => ({
      id: childId(id, `language/${code}`),
      code,
      name: new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code,
    })),
    cost_options: v.free
      ? [{ id: childId(id, 'cost'), option: 'Free', amount: 0, currency: 'GBP', amount_description: 'Free' }]
      : [],
    service_areas: v.areaCodes.map((code) => ({
      id: childId(id, `area/${code}`),
      name: areaNames.get(code) ?? code,
      extent: code,
      extent_type: 'gss_code',
      uri: `http://statistics.data.gov.uk/id/statistical-geography/${code}`,
    })),
    schedules:
      v.openDays.length && v.opensAt && v.closesAt
        ? [
            {
              id: childId(id, 'schedule'),
              freq: 'WEEKLY',
              byday: v.openDays.join(','),
              opens_at: `${v.opensAt}:00`,
              closes_at: `${v.closesAt}:00`,
            },
          ]
        : [],
    attributes: v.termIds.map((tid) => termAttribute(childId(id, `term/${tid}`), shippedTermById(tid)!)),
    service_at_locations: [],
  };
  if (v.address1 || v.withheld) {
    const locationId = childId(id, 'location');
    (doc.service_at_locations as unknown[]).push({
      id: childId(id, 'service_at_location'),
      location: {
        id: locationId,
        location_type: 'physical',
        name: v.locationName ?? v.name,
        latitude: v.latitude,
        longitude: v.longitude,
        x_withheld: v.withheld || undefined,
        x_area_code: v.areaCodes[0],
        addresses: v.address1
          ? [
              {
                id: childId(id, 'address'),
                address_1: v.address1,
                city: v.town,
                state_province: v.town,
                postal_code: v.postcode!.toUpperCase(),
                country: 'GB',
                address_type: 'physical',
              },
            ]
          : [],
      },
    });
  }
  return doc;
}
