import { and, eq, inArray, sql } from 'drizzle-orm';
import type { TFunction } from 'i18next';
import type { Actor } from '../../platform/auth/actor.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { taggedPdf } from '../../platform/pdf.ts';
import { isMaker, loadApplication } from './access.ts';
import { linesOf } from './applications.ts';
import { audit, type BursariesDeps, ukToday } from './deps.ts';
import { addMonths, checkDecision, type DecisionInput, formatPounds } from './model.ts';
import { interviewsOf, requireUnconflicted, undecided } from './panel.ts';
import { bursaryApplications, bursaryCostLines, bursaryDecisions, type DecisionKind } from './schema.ts';
import { open, seal } from './secrets.ts';

/** Money the fund has promised: every award not lapsed (the money helper refines lapses by payments). */
export async function committedPence(tx: DbOrTx, fundId: string) {
  const [row] = await tx
    .select({ total: sql<number>`coalesce(sum(${bursaryDecisions.awardedPence}), 0)::bigint` })
    .from(bursaryDecisions)
    .where(
      and(
        eq(bursaryDecisions.fundId, fundId),
        inArray(bursaryDecisions.status, ['awarded', 'started', 'completed']),
      ),
    );
  return Number(row?.total ?? 0);
}

const dateIn = (lang: string, iso: string) =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );

export interface LetterFacts {
  kind: DecisionKind;
  course: string;
  provider: string;
  fund: string;
  awardedPence: number;
  startBy: string | null;
  reason: string | null;
  conditions: string | null;
  lines: { category: string; amountPence: number; awardedPence: number | null }[];
}

/** The letter's paragraphs in one language: plain words, one idea a paragraph. */
export function letterParagraphs(
  t: TFunction,
  lang: string,
  f: LetterFacts,
): { title: string; paragraphs: string[] } {
  const values = {
    course: f.course,
    provider: f.provider,
    fund: f.fund,
    amount: formatPounds(f.awardedPence, lang),
    startBy: f.startBy ? dateIn(lang, f.startBy) : '',
    reason: f.reason ?? '',
    conditions: f.conditions ?? '',
  };
  const paragraphs = [t(`bursaries.letter.${f.kind}.opening`, values)];
  if (f.kind !== 'decline') {
    for (const l of f.lines)
      paragraphs.push(
        t('bursaries.letter.line', {
          category: t(`bursaries.categories.${l.category}`),
          awarded: formatPounds(l.awardedPence ?? 0, lang),
          asked: formatPounds(l.amountPence, lang),
        }),
      );
    if (f.conditions) paragraphs.push(t('bursaries.letter.conditionsText', values));
    paragraphs.push(t('bursaries.letter.startBy', values));
  } else {
    paragraphs.push(t('bursaries.letter.reason', values));
  }
  paragraphs.push(t('bursaries.letter.closing', values));
  return { title: t('bursaries.letter.subject', values), paragraphs };
}

/**
 * The panel's decision: award in full, in part (each line's amount), with conditions, or decline
 * with a reason. A decline is refused until her guaranteed interview has been held and recorded.
 * An award's start-by date is the award date plus the fund's window. Her letter goes through her
 * safe messages, in her language, in the same transaction.
 */
export async function decide(deps: BursariesDeps, actor: Actor, id: string, input: DecisionInput) {
  const queued = await deps.db.transaction(async (tx) => {
    const { app, fund, relations } = await loadApplication(deps, tx, actor, id, true);
    await requireUnconflicted(tx, actor, app, relations);
    if (!undecided(app)) throw new ValidationError({ form: 'bursaries.errors.decided' });
    if (!app.participantId) throw new NotFoundError();
    const lines = await linesOf(tx, id);
    const interviewHeld = (await interviewsOf(tx, id)).some((i) => i.heldOn);
    const { errors, awards, total } = checkDecision(
      {
        guaranteedInterview: app.guaranteedInterview,
        interviewHeld,
        maxAwardPence: fund.maxAwardPence,
        lines,
      },
      input,
    );
    if (Object.keys(errors).length) throw new ValidationError(errors);
    if (total > 0 && (await committedPence(tx, fund.id)) + total > fund.budgetPence)
      throw new ValidationError({ kind: 'bursaries.errors.overBudget' });
    const award = input.kind !== 'decline';
    const awardedOn = award ? ukToday() : null;
    const startBy = awardedOn ? addMonths(awardedOn, fund.startWindowMonths) : null;
    const [row] = await tx
      .insert(bursaryDecisions)
      .values({
        organisationId: app.organisationId,
        applicationId: id,
        fundId: fund.id,
        kind: input.kind,
        reasonEnc: seal(deps.cipher, input.kind === 'decline' ? input.reason : null),
        conditionsEnc: seal(deps.cipher, input.kind === 'conditions' ? input.conditions : null),
        awardedPence: total,
        decidedByUserId: actor.userId,
        awardedOn,
        startBy,
        status: award ? 'awarded' : null,
      })
      .returning({ id: bursaryDecisions.id });
    for (const [lineId, pence] of awards)
      await tx.update(bursaryCostLines).set({ awardedPence: pence }).where(eq(bursaryCostLines.id, lineId));
    await tx
      .update(bursaryApplications)
      .set({ status: 'decided', updatedAt: new Date() })
      .where(eq(bursaryApplications.id, id));
    const facts: LetterFacts = {
      kind: input.kind,
      course: app.course,
      provider: app.provider,
      fund: fund.name,
      awardedPence: total,
      startBy,
      reason: input.kind === 'decline' ? input.reason : null,
      conditions: input.kind === 'conditions' ? input.conditions : null,
      lines: lines.map((l) => ({
        category: l.category,
        amountPence: l.amountPence,
        awardedPence: awards.get(l.id) ?? 0,
      })),
    };
    const q = await deps.participants.messageHer(
      tx,
      actor,
      app.participantId,
      {
        kind: 'bursary.decision',
        template: 'bursaries.messages.letter.text',
        subject: 'bursaries.letter.subject',
        values: (lang, t) => {
          const { paragraphs } = letterParagraphs(t, lang, facts);
          return { letter: paragraphs.join('\n\n'), fund: fund.name, course: app.course };
        },
        reference: { decisionId: row!.id },
      },
      { idempotencyKey: `bursary:${row!.id}:decision` },
    );
    await audit(deps, tx, actor, 'bursary.decided', 'participant', app.participantId, {
      applicationId: id,
      kind: input.kind,
      awardedPence: total,
      letter: q.map((m) => `${m.channel}:${m.status}`),
    });
    return q;
  });
  await deps.participants.deliverMessages({
    ids: queued.filter((q) => q.status === 'pending').map((q) => q.outboxId),
  });
  return queued;
}

/** Her letter as an accessible PDF in the application's language, for her mentor or key worker to hand her. */
export async function letterPdf(deps: BursariesDeps, actor: Actor, id: string): Promise<Buffer> {
  const facts = await deps.db.transaction(async (tx) => {
    const { app, fund, relations } = await loadApplication(deps, tx, actor, id);
    if (!isMaker(relations) && !relations.panel) throw new NotFoundError(undefined, { reason: 'record' });
    const [d] = await tx.select().from(bursaryDecisions).where(eq(bursaryDecisions.applicationId, id));
    if (!d) throw new NotFoundError();
    const lines = await linesOf(tx, id);
    await audit(deps, tx, actor, 'bursary.letter-printed', 'participant', app.participantId ?? id, {
      applicationId: id,
    });
    return {
      lang: app.lang,
      kind: d.kind,
      course: app.course,
      provider: app.provider,
      fund: fund.name,
      awardedPence: d.awardedPence,
      startBy: d.extendedTo ?? d.startBy,
      reason: open(deps.cipher, d.reasonEnc),
      conditions: open(deps.cipher, d.conditionsEnc),
      lines: lines.map((l) => ({
        category: l.category,
        amountPence: l.amountPence,
        awardedPence: l.awardedPence,
      })),
    };
  });
  const i18n = await deps.i18n();
  const { title, paragraphs } = letterParagraphs(i18n.t(facts.lang), facts.lang, facts);
  const { doc, done } = taggedPdf({ title, lang: facts.lang === 'en' ? 'en-GB' : facts.lang });
  const section = doc.struct('Sect');
  doc.addStructure(section);
  const para = (text: string, size: number, tag: 'H1' | 'P') => {
    const el = doc.struct(tag, {}, () => {
      doc.fontSize(size).text(text, { align: i18n.dir(facts.lang) === 'rtl' ? 'right' : 'left' });
    });
    section.add(el);
    el.end();
    doc.moveDown(0.5);
  };
  para(title, 18, 'H1');
  for (const p of paragraphs) para(p, 12, 'P');
  section.end();
  doc.end();
  return done;
}
