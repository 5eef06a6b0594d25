import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireUser } from '../../platform/auth/routes.ts';
import { pageNumber, queryValue, type ZodTypeProvider } from '../../platform/http/zod.ts';
import type { NavItem } from '../../platform/views/navigation.ts';
import {
  coverageCsv,
  coverageMapSvg,
  coveragePdf,
  coverageXlsx,
  type ExportContext,
  svgToPng,
} from './exports.ts';
import {
  type AreaRow,
  defaultSelection,
  deliveryWays,
  domainTerms,
  groupTerms,
  isDefaultSelection,
  mappingTheMazeDomains,
  parseSelection,
  type Selection,
  type Sort,
  selectionQuery,
  sortRows,
  womenModes,
} from './model.ts';
import type { CoverageService } from './service.ts';
import { escapeXml, inlineMapSvg } from './svg.ts';
import { classLabels, domainList, headlineText, type Translate, termName, whatPhrase } from './text.ts';

/** Coverage in the service navigation and on the home page, for roles that hold 'coverage:view'. */
export const coverageNavigation: NavItem[] = [
  { href: '/coverage', key: 'coverage.nav', permission: 'coverage:view' },
];

const t$ = (req: FastifyRequest) => req.t as unknown as Translate;
/**
 * The language the map's words are written in: the page's, or English while the map has no words
 * in it. Its lists and numbers go in that language too: an English sentence whose needs were
 * joined by the Arabic "و" was read out of order.
 */
const wordsLang = (req: FastifyRequest) =>
  (req.t('coverage.headline.all', { returnDetails: true }) as unknown as { usedLng?: string }).usedLng ??
  req.lang;
const actorOf = (req: FastifyRequest) => req.user ?? null;
/** A label inside a sentence: "Residents born outside the UK" -> "residents born outside the UK" (an acronym first stays). */
const inSentence = (label: string) =>
  /^\p{Lu}\p{Ll}/u.test(label) ? label[0]!.toLowerCase() + label.slice(1) : label;

function filterItems(s: Selection, t: Translate) {
  return {
    domainItems: domainTerms.map((d) => ({
      value: d.code,
      text: termName(d.code, t),
      checked: s.domains.includes(d.code),
    })),
    groupItems: [
      { value: '', text: t('coverage.filters.groupAny'), checked: !s.group },
      ...groupTerms.map((g) => ({ value: g.code, text: termName(g.code, t), checked: s.group === g.code })),
    ],
    womenItems: womenModes.map((m) => ({
      value: m,
      text: t(`coverage.filters.womenModes.${m}`),
      checked: s.women === m,
    })),
    deliveryItems: deliveryWays.map((d) => ({
      value: d.code,
      text: termName(d.code, t),
      checked: s.delivery.includes(d.code),
    })),
    resetHref: `/coverage?${selectionQuery(defaultSelection())}`,
  };
}

const formats = new Map<string, Intl.NumberFormat>();
/** A number in the reader's language (formatters are costly to build: one per language, reused). */
function number(n: number, lang: string): string {
  let f = formats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : lang);
    formats.set(lang, f);
  }
  return f.format(n);
}

/** The matrix as govukTable head and rows, with sort links in the headings (GET, works without JS). */
function matrixTable(rows: AreaRow[], s: Selection, sort: Sort, t: Translate, lang: string) {
  const columns: { key: string; text: string; numeric: boolean }[] = [
    { key: 'name', text: t('coverage.matrix.area'), numeric: false },
    ...s.domains.map((d) => ({ key: d, text: termName(d, t), numeric: true })),
    { key: 'covered', text: t('coverage.matrix.covered'), numeric: true },
    { key: 'services', text: t('coverage.matrix.services'), numeric: true },
  ];
  const head = columns.map((c) => {
    const active = sort.key === c.key;
    const next: Sort = {
      key: c.key,
      dir: active && sort.dir === 'asc' ? 'desc' : active ? 'asc' : c.numeric ? 'desc' : 'asc',
    };
    const href = `/coverage?${selectionQuery(s, next)}#matrix`;
    const hint = next.dir === 'asc' ? t('coverage.matrix.sortAsc') : t('coverage.matrix.sortDesc');
    return {
      html: `<a class="govuk-link app-sort-link" href="${escapeXml(href)}">${escapeXml(c.text)}<span class="govuk-visually-hidden"> (${escapeXml(hint)})</span></a>`,
      format: c.numeric ? 'numeric' : undefined,
      attributes: { 'aria-sort': active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none' },
    };
  });
  const query = selectionQuery(s);
  const coveredOf = Array.from({ length: s.domains.length + 1 }, (_, covered) =>
    t('coverage.matrix.coveredOf', { covered, total: s.domains.length }),
  );
  const body = sortRows(rows, sort).map((r) => [
    {
      html: `<a class="govuk-link" href="/coverage/areas/${r.code}?${escapeXml(query)}">${escapeXml(r.name)}</a>`,
    },
    ...s.domains.map((d) => ({ text: number(r.counts[d] ?? 0, lang), format: 'numeric' })),
    { text: coveredOf[r.covered], format: 'numeric' },
    { text: number(r.services, lang), format: 'numeric' },
  ]);
  return { head, rows: body };
}

function exportLinks(s: Selection, t: Translate) {
  const q = selectionQuery(s);
  const suffix = q ? `?${q}` : '';
  return [
    { href: `/coverage.csv${suffix}`, text: t('coverage.exports.csv') },
    { href: `/coverage.xlsx${suffix}`, text: t('coverage.exports.xlsx') },
    { href: `/coverage/map.svg${suffix}`, text: t('coverage.exports.svg') },
    { href: `/coverage/map.png${suffix}`, text: t('coverage.exports.png') },
    { href: `/coverage/summary.pdf${suffix}`, text: t('coverage.exports.pdf') },
  ];
}

const fileDate = (d: Date) => d.toISOString().slice(0, 10);

function download(reply: FastifyReply, type: string, name: string, body: string | Buffer) {
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${name}"`)
    .send(body);
}

export async function coverageRoutes(plugin: FastifyInstance, deps: { coverage: CoverageService }) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const { coverage } = deps;
  const layout = coverage.publicAccess ? 'public-layout.njk' : 'layout.njk';
  // Private coverage: visitors sign in first; the service then checks the role ('coverage:view').
  if (!coverage.publicAccess) app.addHook('preHandler', requireUser);

  const exportContext = (req: FastifyRequest): ExportContext => ({
    t: t$(req),
    lang: wordsLang(req),
    at: new Date(),
  });

  app.get('/coverage', async (req, reply) => {
    const t = t$(req);
    const lang = wordsLang(req);
    const { selection, sort, errors } = parseSelection(req.query);
    const o = await coverage.overview(actorOf(req), selection);
    const what = whatPhrase(selection, t, lang);
    const labels = classLabels(o.classes, selection.domains.length, t);
    const query = selectionQuery(selection);
    const map = inlineMapSvg({
      areas: o.rows,
      classes: o.classes,
      href: (code) => `/coverage/areas/${code}${query ? `?${query}` : ''}`,
      label: (a) =>
        t('coverage.map.areaLabel', { name: a.name, covered: a.covered, total: selection.domains.length }),
      title: t('coverage.map.title', { what }),
      insetLabel: t('coverage.map.inset'),
    });
    return reply.code(Object.keys(errors).length ? 400 : 200).view('coverage/views/coverage.njk', {
      layout,
      errors,
      selection,
      query,
      isDefault: isDefaultSelection(selection),
      what,
      headline: headlineText(o.headline, selection, t, lang),
      map,
      legend: o.classes.map((c, i) => ({ colour: c.colour, label: labels[i] })),
      matrix: matrixTable(o.rows, selection, sort, t, lang),
      exports: exportLinks(selection, t),
      prioritiesHref: `/coverage/priorities${query ? `?${query}` : ''}`,
      ...filterItems(selection, t),
    });
  });

  app.get('/coverage.csv', async (req, reply) => {
    const { selection } = parseSelection(req.query);
    const o = await coverage.overview(actorOf(req), selection);
    return download(reply, 'text/csv; charset=utf-8', `coverage-${fileDate(new Date())}.csv`, coverageCsv(o));
  });

  app.get('/coverage.xlsx', async (req, reply) => {
    const { selection } = parseSelection(req.query);
    const o = await coverage.overview(actorOf(req), selection);
    return download(
      reply,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      `coverage-${fileDate(new Date())}.xlsx`,
      await coverageXlsx(o, exportContext(req)),
    );
  });

  app.get('/coverage/map.svg', async (req, reply) => {
    const { selection } = parseSelection(req.query);
    const o = await coverage.overview(actorOf(req), selection);
    return download(
      reply,
      'image/svg+xml; charset=utf-8',
      `coverage-map-${fileDate(new Date())}.svg`,
      coverageMapSvg(o, exportContext(req)),
    );
  });

  app.get('/coverage/map.png', async (req, reply) => {
    const { selection } = parseSelection(req.query);
    const o = await coverage.overview(actorOf(req), selection);
    return download(
      reply,
      'image/png',
      `coverage-map-${fileDate(new Date())}.png`,
      svgToPng(coverageMapSvg(o, exportContext(req))),
    );
  });

  app.get('/coverage/summary.pdf', async (req, reply) => {
    const { selection } = parseSelection(req.query);
    const actor = actorOf(req);
    const o = await coverage.overview(actor, selection);
    const p = await coverage.priorities(actor, selection);
    return download(
      reply,
      'application/pdf',
      `coverage-summary-${fileDate(new Date())}.pdf`,
      await coveragePdf(o, p.measure ? p.ranked : null, p.measure, exportContext(req)),
    );
  });

  app.get(
    '/coverage/areas/:code',
    { schema: { params: z.object({ code: z.string() }) } },
    async (req, reply) => {
      const t = t$(req);
      const lang = wordsLang(req);
      const { code } = req.params;
      const { selection } = parseSelection(req.query);
      const profile = await coverage.area(actorOf(req), code.toUpperCase(), selection);
      const query = selectionQuery(selection);
      const k = selection.domains.length;
      const name = profile.area.name;
      const nf = (n: number) => number(n, lang);
      const what = whatPhrase(selection, t, lang);
      return reply.view('coverage/views/area.njk', {
        layout,
        profile,
        query,
        what,
        summary: t('coverage.area.summary', {
          name,
          what,
          covered: profile.row.covered,
          total: k,
          count: profile.row.services,
          services: nf(profile.row.services),
        }),
        national: t('coverage.area.national', {
          name,
          median: profile.nationalCoveredMedian,
          percent: profile.coveredPercentile,
        }),
        missing: profile.missing.map((d) => termName(d, t)),
        missingWithNeighbours: profile.missingAcrossNeighbours.length
          ? t('coverage.area.missingWithNeighbours', {
              domains: profile.missingAcrossNeighbours.map((d) => termName(d, t)).join(', '),
            })
          : null,
        domains: profile.domains.map((d) => ({
          name: termName(d.domain, t),
          services: d.services,
        })),
        comparisonRows: profile.national.map((c) => [
          { text: termName(c.domain, t) },
          { text: nf(c.here), format: 'numeric' },
          { text: nf(c.nationalMedian), format: 'numeric' },
          { text: `${c.nationalPercent}%`, format: 'numeric' },
        ]),
        neighbourHead: [
          { text: t('coverage.matrix.area') },
          ...selection.domains.map((d) => ({ text: termName(d, t), format: 'numeric' })),
          { text: t('coverage.matrix.covered'), format: 'numeric' },
        ],
        neighbourRows: [profile.row, ...profile.neighbours].map((r, i) => [
          i === 0
            ? { html: `<strong>${escapeXml(r.name)}</strong>` }
            : {
                html: `<a class="govuk-link" href="/coverage/areas/${r.code}${query ? `?${escapeXml(query)}` : ''}">${escapeXml(r.name)}</a>`,
              },
          ...selection.domains.map((d) => ({ text: nf(r.counts[d] ?? 0), format: 'numeric' })),
          { text: t('coverage.matrix.coveredOf', { covered: r.covered, total: k }), format: 'numeric' },
        ]),
        backHref: `/coverage${query ? `?${query}` : ''}`,
      });
    },
  );

  // The selection's repeated keys pass through as posted; `measure` is one value.
  const prioritiesQuery = z.looseObject({ measure: queryValue, page: pageNumber });
  /** Areas per page: all 300-odd at once made a phone page 45,000 px long. */
  const perPage = 25;
  app.get('/coverage/priorities', { schema: { querystring: prioritiesQuery } }, async (req, reply) => {
    const t = t$(req);
    const lang = wordsLang(req);
    const { selection } = parseSelection(req.query);
    const measureId = req.query.measure;
    const p = await coverage.priorities(actorOf(req), selection, measureId || undefined);
    const query = selectionQuery(selection);
    const what = whatPhrase(selection, t, lang);
    const measure = p.measure?.label ?? '';
    const nf = (n: number) => number(n, lang);
    const pages = Math.max(1, Math.ceil(p.ranked.length / perPage));
    const page = Math.min(req.query.page, pages);
    const shown = p.ranked.slice((page - 1) * perPage, page * perPage);
    const pageHref = (n: number) => {
      const q = new URLSearchParams(query);
      if (measureId) q.set('measure', measureId);
      if (n > 1) q.set('page', String(n));
      const s = q.toString();
      return `/coverage/priorities${s ? `?${s}` : ''}`;
    };
    return reply.view('coverage/views/priorities.njk', {
      layout,
      measure: p.measure,
      what,
      explained: p.measure
        ? t('coverage.priorities.measureExplained', { measure: inSentence(measure), what })
        : null,
      head: [
        { text: t('coverage.priorities.rank'), format: 'numeric' },
        { text: t('coverage.matrix.area') },
        { text: t('coverage.priorities.need', { measure }), format: 'numeric' },
        { text: t('coverage.priorities.services'), format: 'numeric' },
        { text: t('coverage.priorities.perService'), format: 'numeric' },
        { text: t('coverage.priorities.missing') },
      ],
      showing: shown.length
        ? t('coverage.priorities.showing', {
            from: nf((page - 1) * perPage + 1),
            to: nf((page - 1) * perPage + shown.length),
            total: nf(p.ranked.length),
          })
        : '',
      previousHref: page > 1 ? pageHref(page - 1) : null,
      nextHref: page < pages ? pageHref(page + 1) : null,
      rows: shown.map((r) => [
        { text: String(r.rank), format: 'numeric' },
        {
          html: `<a class="govuk-link" href="/coverage/areas/${r.row.code}${query ? `?${escapeXml(query)}` : ''}">${escapeXml(r.row.name)}</a>`,
        },
        { text: r.need === null ? t('coverage.priorities.noFigure') : nf(r.need), format: 'numeric' },
        { text: nf(r.row.services), format: 'numeric' },
        {
          text:
            r.needPerService !== null
              ? nf(Math.round(r.needPerService))
              : r.need === null
                ? '–'
                : t('coverage.priorities.noService'),
          format: 'numeric',
        },
        { text: r.row.missing.map((d) => termName(d, t)).join(', ') },
      ]),
      backHref: `/coverage${query ? `?${query}` : ''}`,
      domains: domainList(selection, t, lang),
      fiveDomains: mappingTheMazeDomains,
    });
  });
}
