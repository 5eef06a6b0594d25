import { z } from 'zod';
import { govukDate } from '../../platform/http/dates.ts';
import { choice, textField } from '../../platform/http/form-fields.ts';
import type { FormBody } from '../../platform/http/forms.ts';
import { uuid } from '../../platform/http/zod.ts';
import { type AreaCode, areaCodes, areas, pointCodes, type Rating, ratings } from './model.ts';

/** The self-assessment's forms as zod; a translation key per field error, in page order. */
const E = 'commissioning.errors';
const text = textField(`${E}.tooLong`);

/** A year in a path: four digits from 2000 to 2100; anything else names no self-assessment (404). */
export const year = z.coerce.number<string>().int().min(2000).max(2100);
export const yearParams = z.object({ year });
export const areaParams = z.object({ year, area: z.enum(areaCodes as [AreaCode, ...AreaCode[]]) });
export const actionParams = z.object({ id: uuid });

export const startForm = z.object({
  year: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z.coerce
      .number<string>({ error: `${E}.year` })
      .int(`${E}.year`)
      .min(2000, `${E}.year`)
      .max(2100, `${E}.year`),
  ),
});

/**
 * One area's form: for each point `<point>-rating` (radios) and `<point>-evidence`. A point may be
 * left unrated for now (the year cannot be completed until it is); evidence without a rating is an error.
 */
export function areaForm(area: AreaCode, body: FormBody) {
  const points = areas.find((a) => a.code === area)?.points.map((p) => `${area}.${p}`) ?? [];
  const errors: Record<string, string> = {};
  const values: { point: string; rating: Rating; evidence: string }[] = [];
  for (const point of points) {
    const id = point.replace('.', '-');
    const rating = z
      .enum(ratings)
      .optional()
      .catch(undefined)
      .parse(body[`${id}-rating`] || undefined);
    const evidence = text(4000).safeParse(body[`${id}-evidence`]);
    if (!evidence.success) errors[`${id}-evidence`] = `${E}.tooLong`;
    else if (!rating && evidence.data) errors[`${id}-rating`] = `${E}.rating`;
    else if (rating) values.push({ point, rating, evidence: evidence.success ? evidence.data : '' });
  }
  return { values, errors };
}

export const actionForm = z.object({
  // The plan as a whole unless a point of the model is chosen (anything else reads as the whole plan).
  point: z.unknown().transform((v) => (typeof v === 'string' && pointCodes.includes(v) ? v : null)),
  action: text(1000, `${E}.action`),
  owner: text(200, `${E}.owner`),
  dueOn: govukDate({
    required: true,
    minYear: 2000,
    messages: { missing: `${E}.dueOn`, invalid: `${E}.date` },
  }),
});

export const doneForm = z.object({ done: choice(['yes', 'no'], `${E}.done`) });
