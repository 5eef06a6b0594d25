import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise, requireOwn } from '../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { audit, type CaseworkDeps, isUuid, ownerAccess, ownerHeader } from './deps.ts';
import { assessments, assessmentTemplates, type Scale, scaleReadings, scales } from './schema.ts';

/** Need domains the holistic assessment asks about (wording: casework.domains.<id>). */
export const needDomains = [
  'housing',
  'money',
  'health',
  'mental_health',
  'domestic_abuse',
  'immigration_advice',
  'english',
  'employment',
  'education',
  'family',
  'community',
] as const;
/** How much help she wants with a need; `not_asked` records honestly that the question was not put to her. */
export const needLevels = ['none', 'some', 'urgent', 'not_asked'] as const;

export interface TemplateDefinition {
  /** One question per need domain: how much help she wants, and a note in her words. */
  domains: string[];
  scales: string[];
}

export const TEMPLATE_KEY = 'holistic';
const firstDefinition: TemplateDefinition = { domains: [...needDomains], scales: [...scales] };

export interface AssessmentInput {
  needs: Record<string, { level: (typeof needLevels)[number]; note: string | null }>;
  strengths: string | null;
  scores: Record<Scale, number>;
}

/** The template in use (latest version), created as version 1 on first use. */
async function latestTemplate(db: DbOrTx) {
  const [latest] = await db
    .select()
    .from(assessmentTemplates)
    .where(eq(assessmentTemplates.key, TEMPLATE_KEY))
    .orderBy(desc(assessmentTemplates.version))
    .limit(1);
  return latest;
}

/** Call inside a transaction (the first use takes a lock so version 1 is created once). */
export async function currentTemplate(db: DbOrTx) {
  let latest = await latestTemplate(db);
  if (latest) return { ...latest, definition: latest.definition as TemplateDefinition };
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('casework-template'))`);
  latest = await latestTemplate(db);
  if (latest) return { ...latest, definition: latest.definition as TemplateDefinition };
  const [row] = await db
    .insert(assessmentTemplates)
    .values({ key: TEMPLATE_KEY, version: 1, definition: firstDefinition })
    .returning();
  return { ...row!, definition: row!.definition as TemplateDefinition };
}

/** Publishes a new version of the template; earlier assessments keep the version they answered. */
export async function publishTemplate(deps: CaseworkDeps, actor: Actor, definition: TemplateDefinition) {
  authorise(actor, 'assessment:templates');
  const unknown = definition.domains.filter((d) => !(needDomains as readonly string[]).includes(d));
  if (!definition.domains.length || unknown.length)
    throw new ValidationError({ domains: 'casework.errors.domains' });
  return deps.db.transaction(async (tx) => {
    const current = await currentTemplate(tx);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('casework-template'))`);
    const [row] = await tx
      .insert(assessmentTemplates)
      .values({ key: TEMPLATE_KEY, version: current.version + 1, definition })
      .returning({ id: assessmentTemplates.id, version: assessmentTemplates.version });
    await audit(deps, tx, actor, 'assessment.template-published', 'assessment_template', row!.id, {
      version: row!.version,
    });
    return row!;
  });
}

export async function templateForNew(deps: CaseworkDeps, actor: Actor, participantId: string) {
  return deps.db.transaction(async (tx) => {
    const header = await ownerHeader(deps, tx, actor, participantId, 'write');
    return { ...(await currentTemplate(tx)), header };
  });
}

/** Records an assessment answered with her, on the current template version, and her scale scores. */
export async function addAssessment(
  deps: CaseworkDeps,
  actor: Actor,
  participantId: string,
  templateId: string,
  input: AssessmentInput,
) {
  authorise(actor, 'participant:write');
  return deps.db.transaction(async (tx) => {
    const access = await ownerAccess(deps, tx, actor, participantId, 'write');
    const template = await currentTemplate(tx);
    // The form was for an older version: ask again on the current one.
    if (template.id !== templateId)
      throw new ValidationError({ template: 'casework.errors.templateChanged' });
    const [row] = await tx
      .insert(assessments)
      .values({
        participantId,
        organisationId: access.organisationId,
        templateId: template.id,
        answers: input.needs,
        strengths: input.strengths,
        byUserId: actor.userId,
      })
      .returning({ id: assessments.id, completedAt: assessments.completedAt });
    await tx.insert(scaleReadings).values(
      scales.map((scale) => ({
        participantId,
        organisationId: access.organisationId,
        assessmentId: row!.id,
        scale,
        score: input.scores[scale],
        recordedAt: row!.completedAt,
      })),
    );
    await audit(deps, tx, actor, 'assessment.created', 'participant', participantId, {
      assessmentId: row!.id,
      templateVersion: template.version,
    });
    return row!.id;
  });
}

export async function assessmentsOf(deps: CaseworkDeps, actor: Actor, participantId: string) {
  return deps.db.transaction(async (tx) => {
    const header = await ownerHeader(deps, tx, actor, participantId, 'read');
    const { access } = header;
    const rows = await tx
      .select({
        id: assessments.id,
        completedAt: assessments.completedAt,
        version: assessmentTemplates.version,
      })
      .from(assessments)
      .innerJoin(assessmentTemplates, eq(assessmentTemplates.id, assessments.templateId))
      .where(
        and(
          eq(assessments.participantId, participantId),
          eq(assessments.organisationId, access.organisationId),
        ),
      )
      .orderBy(desc(assessments.completedAt));
    const readings = await tx
      .select()
      .from(scaleReadings)
      .where(
        and(
          eq(scaleReadings.participantId, participantId),
          eq(scaleReadings.organisationId, access.organisationId),
        ),
      )
      .orderBy(asc(scaleReadings.recordedAt));
    await audit(deps, tx, actor, 'assessment.list-viewed', 'participant', participantId);
    return { header, assessments: rows, progress: distanceTravelled(readings) };
  });
}

export async function getAssessment(deps: CaseworkDeps, actor: Actor, assessmentId: string) {
  authorise(actor, 'participant:read');
  if (!isUuid(assessmentId)) throw new NotFoundError();
  return deps.db.transaction(async (tx) => {
    const [a] = await tx
      .select()
      .from(assessments)
      .innerJoin(assessmentTemplates, eq(assessmentTemplates.id, assessments.templateId))
      .where(eq(assessments.id, assessmentId));
    requireOwn(actor, a?.casework_assessments);
    const header = await ownerHeader(deps, tx, actor, a.casework_assessments.participantId, 'read');
    const scores = await tx.select().from(scaleReadings).where(eq(scaleReadings.assessmentId, assessmentId));
    await audit(deps, tx, actor, 'assessment.viewed', 'participant', a.casework_assessments.participantId, {
      assessmentId,
    });
    return {
      header,
      assessment: a.casework_assessments,
      answers: a.casework_assessments.answers as AssessmentInput['needs'],
      template: {
        version: a.casework_assessment_templates.version,
        definition: a.casework_assessment_templates.definition as TemplateDefinition,
      },
      scores: Object.fromEntries(scores.map((s) => [s.scale, s.score])) as Record<string, number>,
    };
  });
}

export interface Progress {
  dates: Date[];
  series: {
    scale: Scale;
    scores: (number | null)[];
    first: number | null;
    latest: number | null;
    change: number | null;
  }[];
}

/** Her scores over time per scale: first, latest and the change (distance travelled). */
export function distanceTravelled(readings: (typeof scaleReadings.$inferSelect)[]): Progress {
  const times = [...new Set(readings.map((r) => r.recordedAt.getTime()))].sort((a, b) => a - b);
  const series = scales.map((scale) => {
    const byTime = new Map(
      readings.filter((r) => r.scale === scale).map((r) => [r.recordedAt.getTime(), r.score]),
    );
    const scores = times.map((t) => byTime.get(t) ?? null);
    const present = scores.filter((s): s is number => s !== null);
    const first = present[0] ?? null;
    const latest = present.at(-1) ?? null;
    return {
      scale,
      scores,
      first,
      latest,
      change: first !== null && latest !== null ? latest - first : null,
    };
  });
  return { dates: times.map((t) => new Date(t)), series };
}

const palette = ['#1d70b8', '#00703c', '#d4351c', '#4c2c92', '#f47738', '#5694ca', '#b58840', '#0b0c0c'];

/**
 * A server-rendered SVG line chart of her scores (1-10) over time, one line per scale. The table
 * next to it carries the same figures for screen readers and print.
 */
export function progressSvg(
  p: Progress,
  labels: { title: string; scale: (s: string) => string; date: (d: Date) => string },
) {
  const w = 640;
  const h = 320;
  const left = 40;
  const right = 170;
  const top = 20;
  const bottom = 40;
  const n = p.dates.length;
  const x = (i: number) => left + (n <= 1 ? (w - left - right) / 2 : (i * (w - left - right)) / (n - 1));
  const y = (score: number) => top + ((10 - score) * (h - top - bottom)) / 9;
  const esc = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" role="img" aria-labelledby="progress-chart-title" class="app-chart" focusable="false">`,
    `<title id="progress-chart-title">${esc(labels.title)}</title>`,
  );
  for (const s of [1, 5, 10]) {
    parts.push(
      `<line x1="${left}" x2="${w - right}" y1="${y(s)}" y2="${y(s)}" stroke="#b1b4b6" stroke-width="1"/>`,
      `<text x="${left - 8}" y="${y(s) + 4}" text-anchor="end" font-size="12" fill="#0b0c0c">${s}</text>`,
    );
  }
  p.dates.forEach((d, i) => {
    parts.push(
      `<text x="${x(i)}" y="${h - 15}" text-anchor="middle" font-size="12" fill="#0b0c0c">${esc(labels.date(d))}</text>`,
    );
  });
  p.series.forEach((s, k) => {
    const colour = palette[k % palette.length];
    const points = s.scores
      .map((v, i) => (v === null ? null : `${x(i)},${y(v)}`))
      .filter(Boolean)
      .join(' ');
    if (points) parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points}"/>`);
    s.scores.forEach((v, i) => {
      if (v !== null) parts.push(`<circle cx="${x(i)}" cy="${y(v)}" r="3" fill="${colour}"/>`);
    });
    parts.push(
      `<rect x="${w - right + 12}" y="${top + k * 18}" width="10" height="10" fill="${colour}"/>`,
      `<text x="${w - right + 28}" y="${top + k * 18 + 9}" font-size="12" fill="#0b0c0c">${esc(labels.scale(s.scale))}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
