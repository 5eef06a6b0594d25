import { z } from 'zod';
import type { FormBody } from '../../platform/http/forms.ts';
import { deliveryTerms, needTerms, type ShippedTerm, whoForTerms } from './taxonomies.ts';

/**
 * The staff service form and the staff pages' route schemas. The service's own input schema
 * (service.ts) validates what the form sends; this file only reads the posted fields into that
 * input, and back into the values the form shows again.
 */

/** `/directory/services?page=`: a page number typed by hand that makes no sense is the first page. */
export const servicesQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

const termOptions = (terms: Record<string, ShippedTerm>) =>
  Object.values(terms).map((term) => ({ id: term.id, code: term.code }));
export const formTerms = {
  need: termOptions(needTerms),
  whoFor: termOptions(whoForTerms),
  delivery: termOptions(deliveryTerms),
};

const list = (v: unknown): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)];

/** The form's fields as the service's input schema reads them (checkbox groups as arrays). */
export function inputFrom(body: FormBody) {
  const one = (k: string) => {
    const v = body[k];
    return Array.isArray(v) ? v[0] : v;
  };
  return {
    name: one('name') ?? '',
    description: one('description') ?? '',
    email: one('email'),
    url: one('url'),
    phone: one('phone'),
    termIds: [...list(body.needTerms), ...list(body.whoForTerms), ...list(body.deliveryTerms)],
    areaCodes: list(body.areaCodes),
    languages: list(body.languages),
    free: one('free') === 'yes',
    locationName: one('locationName'),
    address1: one('address1'),
    town: one('town'),
    postcode: one('postcode'),
    withheld: one('withheld') === 'yes',
    openDays: list(body.openDays),
    opensAt: one('opensAt'),
    closesAt: one('closesAt'),
  };
}

/** Values the form shows: what she typed, or the stored service. */
export function valuesFromBody(body: FormBody) {
  const input = inputFrom(body);
  return {
    ...input,
    needTerms: list(body.needTerms),
    whoForTerms: list(body.whoForTerms),
    deliveryTerms: list(body.deliveryTerms),
    womenOnly: input.termIds.includes(whoForTerms.womenOnly.id),
    free: input.free ? 'yes' : 'no',
    withheld: input.withheld ? ['yes'] : [],
  };
}
