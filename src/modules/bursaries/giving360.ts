/**
 * Awards as 360Giving grants to individuals (issue 15, point 7), for the funder to publish. The
 * 360Giving Data Standard 1.4 (360Giving, CC BY 4.0; reference/360giving/ORIGIN.md) publishes
 * grants to individuals anonymously: the recipient is `360G-<prefix>-<local id>` (the award's own
 * id, never her record's, so two awards cannot be joined to one woman and nothing points at official
 * data about her) and her "name" is a neutral label. The input type below is all this file is given:
 * it has no field for her name, email, phone, date of birth, postcode, course or provider, so none
 * can reach the output. No database here; grants-store.ts loads the rows.
 */
import ExcelJS from 'exceljs';

/** Cost categories as the bursaries module names them. */
export type GrantCategory =
  | 'course_fees'
  | 'books_resources'
  | 'equipment'
  | 'childcare'
  | 'travel'
  | 'exam_fees';

/**
 * Each category's code in the Grant to Individuals Purpose codelist
 * (reference/360giving/codelists/grantToIndividualsPurpose.csv). The issue fixes three: fees →
 * GTIP130 Education and training, childcare → GTIP120 Health, care and wellbeing services (whose
 * description names childcare costs), travel → GTIP100 Travel and transport. The others:
 * - books and resources, exam fees → GTIP130: its description lists "books/resources and essential
 *   course costs", and an exam is part of the course;
 * - equipment → GTIP130 too: a bursary buys equipment the course needs (tools, a uniform, a kit),
 *   an essential course cost; GTIP030 "Equipment and home adaptations" is about the home (safety,
 *   baby and mobility equipment) and GTIP040 about devices in general, so both would mislead.
 */
export const purposeCodes: Record<GrantCategory, string> = {
  course_fees: 'GTIP130',
  books_resources: 'GTIP130',
  equipment: 'GTIP130',
  exam_fees: 'GTIP130',
  childcare: 'GTIP120',
  travel: 'GTIP100',
};

/**
 * Why these grants are made, from the Grant to Individuals Reason codelist: GTIR110 "Development
 * opportunity" (skills development). No secondary reason is given: the ones that would fit her
 * (violence or abuse, marginalised, homelessness) describe her circumstances, which a public file
 * must not say about anyone.
 */
export const PRIMARY_REASON = 'GTIR110';

/** One award as the export sees it. Money in pence, dates as YYYY-MM-DD. */
export interface AwardRecord {
  /** The award's local id (e.g. the decision's uuid). */
  localId: string;
  fund: { id: string; name: string; funderId: string | null; funderName: string };
  appliedPence: number;
  awardedPence: number;
  disbursedPence: number;
  awardedOn: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  actualStart: string | null;
  actualEnd: string | null;
  categories: readonly GrantCategory[];
  /** When the award last changed (ISO date-time). */
  modifiedAt: string;
}

export interface PackageMeta {
  /** The publisher's 360Giving prefix without "360G-" (config GIVING360_PREFIX). */
  prefix: string;
  publisherName: string;
  /** ISO date-time the file is made. */
  issuedAt: string;
  title: string;
  /** A neutral grant title and description, in English (the standard's data is read by funders). */
  grantTitle: string;
  grantDescription: string;
  recipientLabel: string;
}

const pounds = (pence: number): number => Math.round(pence) / 100;

export const recipientId = (prefix: string, localId: string): string => `360G-${prefix}-${localId}`;
export const grantId = (prefix: string, localId: string): string => `360G-${prefix}-grant-${localId}`;
/** A funder outside the registers gets an id of ours, as the standard's guidance allows. */
const funderId = (prefix: string, f: AwardRecord['fund']): string =>
  f.funderId ?? `360G-${prefix}-funder-${f.id}`;

const dates = (start: string | null, end: string | null) =>
  start ? [{ startDate: start, ...(end ? { endDate: end } : {}) }] : undefined;

export interface Grant {
  id: string;
  title: string;
  description: string;
  currency: 'GBP';
  amountAppliedFor: number;
  amountAwarded: number;
  amountDisbursed: number;
  awardDate: string;
  plannedDates?: { startDate: string; endDate?: string }[];
  actualDates?: { startDate: string; endDate?: string }[];
  recipientIndividual: { id: string; name: string };
  toIndividualsDetails: { primaryGrantReason: string; grantPurpose: string[] };
  fundingOrganization: { id: string; name: string }[];
  grantProgramme: { code: string; title: string }[];
  dateModified: string;
}

export function toGrant(r: AwardRecord, meta: PackageMeta): Grant {
  const grant: Grant = {
    id: grantId(meta.prefix, r.localId),
    title: meta.grantTitle,
    description: meta.grantDescription,
    currency: 'GBP',
    amountAppliedFor: pounds(r.appliedPence),
    amountAwarded: pounds(r.awardedPence),
    amountDisbursed: pounds(r.disbursedPence),
    awardDate: r.awardedOn,
    recipientIndividual: { id: recipientId(meta.prefix, r.localId), name: meta.recipientLabel },
    toIndividualsDetails: {
      primaryGrantReason: PRIMARY_REASON,
      grantPurpose: [...new Set(r.categories.map((c) => purposeCodes[c]))].sort(),
    },
    fundingOrganization: [{ id: funderId(meta.prefix, r.fund), name: r.fund.funderName }],
    grantProgramme: [{ code: `360G-${meta.prefix}-fund-${r.fund.id}`, title: r.fund.name }],
    dateModified: r.modifiedAt,
  };
  const planned = dates(r.plannedStart, r.plannedEnd);
  const actual = dates(r.actualStart, r.actualEnd);
  if (planned) grant.plannedDates = planned;
  if (actual) grant.actualDates = actual;
  return grant;
}

/** A 360Giving package: the grants with the publisher, licence and the day it was issued. */
export function toPackage(records: readonly AwardRecord[], meta: PackageMeta) {
  return {
    title: meta.title,
    issued: meta.issuedAt,
    version: '1.4',
    license: 'https://creativecommons.org/licenses/by/4.0/',
    publisher: { name: meta.publisherName },
    grants: records.map((r) => toGrant(r, meta)),
  };
}

/**
 * The same grants as the 360Giving spreadsheet template lays them out: one row a grant, the
 * standard's column titles (nested fields as "Parent:Child"), several purposes joined by ";".
 */
export const sheetColumns = [
  'Identifier',
  'Title',
  'Description',
  'Currency',
  'Amount Applied For',
  'Amount Awarded',
  'Amount Disbursed',
  'Award Date',
  'Planned Dates:Start Date',
  'Planned Dates:End Date',
  'Actual Dates:Start Date',
  'Actual Dates:End Date',
  'Recipient Ind:Identifier',
  'Recipient Ind:Name',
  'To Individuals Details:Primary Grant Reason',
  'To Individuals Details:Grant Purpose',
  'Funding Org:Identifier',
  'Funding Org:Name',
  'Grant Programme:Code',
  'Grant Programme:Title',
  'Last Modified',
] as const;

export function sheetRow(g: Grant): (string | number)[] {
  return [
    g.id,
    g.title,
    g.description,
    g.currency,
    g.amountAppliedFor,
    g.amountAwarded,
    g.amountDisbursed,
    g.awardDate,
    g.plannedDates?.[0]?.startDate ?? '',
    g.plannedDates?.[0]?.endDate ?? '',
    g.actualDates?.[0]?.startDate ?? '',
    g.actualDates?.[0]?.endDate ?? '',
    g.recipientIndividual.id,
    g.recipientIndividual.name,
    g.toIndividualsDetails.primaryGrantReason,
    g.toIndividualsDetails.grantPurpose.join(';'),
    g.fundingOrganization[0]?.id ?? '',
    g.fundingOrganization[0]?.name ?? '',
    g.grantProgramme[0]?.code ?? '',
    g.grantProgramme[0]?.title ?? '',
    g.dateModified,
  ];
}

export async function grantsXlsx(grants: readonly Grant[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Wayfinder';
  const ws = wb.addWorksheet('grants');
  ws.addRow([...sheetColumns]);
  for (const g of grants) ws.addRow(sheetRow(g));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
