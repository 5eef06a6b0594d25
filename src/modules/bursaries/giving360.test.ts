import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { codelist, giving360Validator } from '../../../tests/support/giving360-schema.ts';
import {
  type AwardRecord,
  grantsXlsx,
  type PackageMeta,
  purposeCodes,
  sheetColumns,
  toPackage,
} from './giving360.ts';

const meta: PackageMeta = {
  prefix: 'WAYF',
  publisherName: 'Northgate Women’s Partnership',
  issuedAt: '2027-02-01T09:00:00.000Z',
  title: 'Bursaries 2026',
  grantTitle: 'Bursary for a vocational course',
  grantDescription: 'A bursary towards course fees, resources and the costs of getting there.',
  recipientLabel: 'Individual recipient',
};

const record = (over: Partial<AwardRecord> = {}): AwardRecord => ({
  localId: '7f8e4a0c-1d2b-4c3d-9e8f-0a1b2c3d4e5f',
  fund: { id: 'f1', name: 'Futures Fund 2026', funderId: 'GB-CHC-1234567', funderName: 'The Foundation' },
  appliedPence: 480_050,
  awardedPence: 430_000,
  disbursedPence: 250_000,
  awardedOn: '2026-03-10',
  plannedStart: '2026-09-01',
  plannedEnd: '2027-06-30',
  actualStart: '2026-09-08',
  actualEnd: null,
  categories: ['course_fees', 'books_resources', 'childcare', 'travel'],
  modifiedAt: '2026-09-08T10:00:00.000Z',
  ...over,
});

describe('360Giving export', () => {
  const validate = giving360Validator();

  it.each([
    ['a started award with every date', record()],
    [
      'an award not yet started, funder outside the registers',
      record({ actualStart: null, fund: { id: 'f2', name: 'F', funderId: null, funderName: 'A trust' } }),
    ],
    [
      'no planned dates, nothing paid',
      record({ plannedStart: null, plannedEnd: null, actualStart: null, disbursedPence: 0 }),
    ],
    ['a completed award', record({ actualEnd: '2027-06-30', disbursedPence: 430_000 })],
  ])('validates against the shipped package schema: %s', (_name, r) => {
    const pkg = toPackage([r], meta);
    const ok = validate(pkg);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the validator is live: it refuses a grant with no recipient or a bad date', () => {
    const pkg = toPackage([record()], meta);
    const { recipientIndividual: _r, ...noRecipient } = pkg.grants[0]!;
    expect(validate({ ...pkg, grants: [noRecipient] })).toBe(false);
    expect(validate({ ...pkg, grants: [{ ...pkg.grants[0], awardDate: '10/03/2026' }] })).toBe(false);
  });

  it('writes pounds, anonymous ids and the codelists’ purposes', () => {
    const [g] = toPackage([record()], meta).grants;
    expect(g).toMatchObject({
      id: '360G-WAYF-grant-7f8e4a0c-1d2b-4c3d-9e8f-0a1b2c3d4e5f',
      amountAppliedFor: 4800.5,
      amountAwarded: 4300,
      amountDisbursed: 2500,
      recipientIndividual: {
        id: '360G-WAYF-7f8e4a0c-1d2b-4c3d-9e8f-0a1b2c3d4e5f',
        name: 'Individual recipient',
      },
      toIndividualsDetails: {
        primaryGrantReason: 'GTIR110',
        grantPurpose: ['GTIP100', 'GTIP120', 'GTIP130'],
      },
      plannedDates: [{ startDate: '2026-09-01', endDate: '2027-06-30' }],
      actualDates: [{ startDate: '2026-09-08' }],
    });
  });

  it.each(Object.entries(purposeCodes))('%s maps to a code of the purpose codelist (%s)', (_c, code) => {
    expect(codelist('grantToIndividualsPurpose.csv').has(code)).toBe(true);
  });

  it('the reason is from the reason codelist', () => {
    const [g] = toPackage([record()], meta).grants;
    expect(codelist('grantToIndividualsReason.csv').has(g!.toIndividualsDetails.primaryGrantReason)).toBe(
      true,
    );
  });

  it('lays the grants out in the spreadsheet with the standard’s column titles', async () => {
    const pkg = toPackage([record(), record({ localId: 'b2' })], meta);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await grantsXlsx(pkg.grants)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('grants')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...sheetColumns]);
    expect(ws.rowCount).toBe(3);
    expect(ws.getRow(3).getCell(13).value).toBe('360G-WAYF-b2');
    expect(ws.getRow(2).getCell(6).value).toBe(4300);
  });
});
