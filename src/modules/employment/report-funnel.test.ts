import { eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mainOf } from '../../../tests/support/agent.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { organisations } from '../../platform/auth/schema.ts';
import { protectFunnel } from './report-funnel.ts';

/**
 * Issue 13, point 7: the funnel's stages are cumulative, so showing each alone gives away what lies
 * between them (12 put forward, 9 interviewed: 3 never interviewed), and a decline reason can be
 * worked out from the declined total. No published figure of the page, the CSV or the XLSX may let
 * a count from 1 to 4 be worked out.
 */
const { t, org, users, actor, as } = useScenario({
  organisations: { harbour: 'Funnel Harbour', hotel: 'Funnel Hotel' },
  users: { manager: ['manager', 'harbour'], employer: ['employer', 'hotel'] },
});

beforeAll(async () => {
  await t.database.db.update(organisations).set({ kind: 'employer' }).where(eq(organisations.id, org.hotel));
  const opp = await t.services.employment.createOpportunity(actor(users.employer), {
    employerId: null,
    kind: 'job',
    title: 'Funnel job',
    description: 'Work',
    sector: 'hospitality',
    postcodeDistrict: 'LS1',
    contract: 'part_time',
  });
  // Rows as the put-forward service writes them: her current stage, and every stage she reached.
  const put = async (n: number, path: string[], reason: string | null = null) => {
    for (let i = 0; i < n; i++)
      await t.database.pool.query(
        `with pf as (
           insert into employment_put_forwards (participant_id, organisation_id, opportunity_id,
             employer_organisation_id, shared_fields, shared_enc, consent_method, rtw_assessed_on,
             stage, reason)
           values (gen_random_uuid(), $1, $2, $3, '{name}', $4, 'verbal', current_date, $5, $6) returning id)
         insert into employment_put_forward_events (put_forward_id, stage)
         select id, unnest($7::text[]) from pf`,
        [
          org.harbour,
          opp.id,
          org.hotel,
          t.services.cipher.encrypt('{}'),
          path.at(-1),
          reason,
          ['put_forward', ...path.filter((s) => s !== 'put_forward')],
        ],
      );
  };
  // 12 put forward, 9 interviewed, 6 offered, all 6 declined: 5 for school hours, 1 for travel.
  await put(3, ['put_forward']);
  await put(3, ['interview', 'not_offered']);
  await put(5, ['interview', 'offer', 'declined'], 'school_hours');
  await put(1, ['interview', 'offer', 'declined'], 'travel');
});

type Figure = number | 'small' | 'hidden';
interface Published {
  stages: Record<string, Figure>;
  declined: Record<string, Figure>;
}

/** Every count from 1 to 4 that follows from the published figures (by difference or by total). */
function derivable(p: Published): string[] {
  const found: string[] = [];
  const n = (x: Figure | undefined) => (typeof x === 'number' ? x : null);
  const check = (what: string, v: number | null) => {
    if (v !== null && v > 0 && v < 5) found.push(`${what} = ${v}`);
  };
  const [pf, iv, of, ac, de] = ['put_forward', 'interview', 'offer', 'accepted', 'declined'].map((s) =>
    n(p.stages[s]),
  );
  const diff = (a: number | null | undefined, b: number | null | undefined) =>
    a === null || a === undefined || b === null || b === undefined ? null : a - b;
  check('put forward - interviewed', diff(pf, iv));
  check('put forward - offered', diff(pf, of));
  check('put forward - accepted', diff(pf, ac));
  check('interviewed - offered', diff(iv, of));
  check('interviewed - accepted', diff(iv, ac));
  check('offered - accepted', diff(of, ac));
  check('offered - declined', diff(of, de));
  check('offered - accepted - declined', diff(diff(of, ac), de));
  const reasons = Object.values(p.declined);
  const unknown = reasons.filter((r) => typeof r !== 'number');
  const rest = diff(
    de,
    reasons.reduce<number>((a, r) => a + (n(r) ?? 0), 0),
  );
  if (unknown.length === 1) check('declined - the other reasons', rest);
  // Hidden reasons all "fewer than 5" are pinned when they add up to their least or their most.
  if (unknown.length > 1 && unknown.every((r) => r === 'small') && rest !== null)
    if (rest === unknown.length || rest === 4 * unknown.length)
      check('each hidden reason', rest / unknown.length);
  return found;
}

const figure = (text: string): Figure =>
  text === 'hidden' ? 'hidden' : /^<5$|fewer than 5/.test(text) ? 'small' : Number(text);

const stageLabels: Record<string, string> = {
  'Put forward': 'put_forward',
  Interview: 'interview',
  Offer: 'offer',
  Accepted: 'accepted',
  'Declined by her': 'declined',
};

/** The funnel and declines tables of the page, by their captions. */
function fromPage(html: string): Published {
  const tables = mainOf(html).split('<table').slice(1);
  const rowsOf = (caption: string) => {
    const table = tables.find((x) => x.includes(caption)) ?? '';
    const body = table.slice(table.indexOf('<tbody'));
    return [...body.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map((m) =>
      [...(m[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) =>
        (c[1] ?? '').replace(/<[^>]*>/g, '').trim(),
      ),
    );
  };
  const stages: Record<string, Figure> = {};
  for (const [label, value] of rowsOf('Women put forward, interviewed, offered and accepted</caption>'))
    stages[stageLabels[label ?? ''] ?? label ?? ''] = figure(value ?? '');
  const declined: Record<string, Figure> = {};
  for (const [label, value] of rowsOf('Offers declined, by reason'))
    declined[label ?? ''] = figure(value ?? '');
  return { stages, declined };
}

function fromLines(lines: string[][]): Published {
  const p: Published = { stages: {}, declined: {} };
  for (const [group, key, value] of lines) {
    if (group === 'stage') p.stages[key ?? ''] = figure(value ?? '');
    if (group === 'declined') p.declined[key ?? ''] = figure(value ?? '');
  }
  return p;
}

describe('the employment report lets no small count be worked out', () => {
  it('in the page, the CSV and the XLSX', async () => {
    const a = await as(users.manager);
    const page = fromPage((await a.get('/reports/employment')).body);
    expect(Object.keys(page.stages)).toHaveLength(5);
    expect(page.stages.put_forward).toBe(12);
    expect(derivable(page)).toEqual([]);

    const csv = (await a.get('/reports/employment.csv')).body;
    const fromCsv = fromLines(
      csv
        .trim()
        .split(/\r?\n/)
        .map((l) => l.split(',')),
    );
    expect(Object.keys(fromCsv.stages)).toHaveLength(5);
    expect(derivable(fromCsv)).toEqual([]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await a.get('/reports/employment.xlsx')).rawPayload as never);
    const lines: string[][] = [];
    wb.worksheets[0]?.eachRow((row) => {
      lines.push([1, 2, 3].map((c) => String(row.getCell(c).value ?? '')));
    });
    const fromXlsx = fromLines(lines);
    expect(Object.keys(fromXlsx.declined)).toHaveLength(8);
    expect(derivable(fromXlsx)).toEqual([]);
  });
});

describe('protectFunnel', () => {
  // Columns: not interviewed, not offered, offer open, accepted, then declined by each reason.
  const row = (...n: number[]) => [...n, ...new Array(12 - n.length).fill(0)];

  it('shows a funnel whose every step is 5 or more as it is', () => {
    const p = protectFunnel([row(5, 6, 0, 7, 8)]);
    expect(Object.values(p.stages).map((s) => s.value)).toEqual([26, 21, 15, 7, 8]);
  });

  const asFigures = (stages: Record<string, { value: number | null; suppressed?: string }>) =>
    Object.fromEntries(
      Object.entries(stages).map(([k, v]) => [k, v.value ?? (v.suppressed === 'small' ? 'small' : 'hidden')]),
    ) as Record<string, Figure>;
  const checkAll = (counts: number[][]) => {
    const p = protectFunnel(counts);
    const found = [
      ...derivable({
        stages: asFigures(p.stages),
        declined: Object.fromEntries(p.declined.map((d) => [d.reason, asFigures({ n: d.n }).n as Figure])),
      }),
      ...p.rows.flatMap((r) => derivable({ stages: asFigures(r), declined: {} })),
    ];
    for (const stage of ['put_forward', 'interview', 'offer', 'accepted', 'declined'] as const) {
      const whole = p.stages[stage].value;
      const parts = p.rows.map((r) => r[stage].value);
      if (counts.length > 1 && whole !== null && parts.filter((x) => x === null).length === 1) {
        const rest = whole - parts.reduce<number>((a, x) => a + (x ?? 0), 0);
        if (rest > 0 && rest < 5) found.push(`${stage}: an organisation from the whole = ${rest}`);
      }
    }
    return found;
  };

  it('lets nothing be worked out in many random funnels', () => {
    // A fixed pseudo-random sequence, so a failure can be replayed.
    let seed = 13;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let k = 0; k < 300; k++) {
      const counts = Array.from({ length: 1 + next(4) }, () =>
        row(...Array.from({ length: 12 }, () => (next(3) === 0 ? 0 : next(12)))),
      );
      expect(checkAll(counts), JSON.stringify(counts)).toEqual([]);
    }
  });

  it('never shows two stages of one organisation 1 to 4 apart, nor an organisation from the total', () => {
    const p = protectFunnel([row(3, 3, 0, 0, 5, 0, 1), row(9, 0, 0, 6), row(0, 2, 0, 0, 7)]);
    const lines = [p.stages, ...p.rows];
    for (const s of lines)
      expect(
        derivable({
          stages: Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v.value ?? 'hidden'])),
          declined: {},
        }),
      ).toEqual([]);
    for (const stage of ['put_forward', 'interview', 'offer', 'accepted', 'declined'] as const) {
      const whole = p.stages[stage].value;
      const parts = p.rows.map((r) => r[stage].value);
      if (whole !== null && parts.filter((x) => x === null).length === 1) {
        const rest = whole - parts.reduce<number>((a, x) => a + (x ?? 0), 0);
        expect(rest === 0 || rest >= 5).toBe(true);
      }
    }
  });
});
