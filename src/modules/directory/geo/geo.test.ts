import { createReadStream } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../../tests/support/database.ts';
import type { Database } from '../../../platform/db/index.ts';
import {
  chainGeocoders,
  createPostcodeGeocoder,
  GeocoderUnavailableError,
  httpGeocoder,
  normalisePostcode,
  tableGeocoder,
} from './geocoder.ts';
import { csvRecords, importPostcodes, PostcodeImportError } from './import-postcodes.ts';
import { findPlace } from './places.ts';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'onspd-sample.csv');

let database: Database;
let server: http.Server;
let baseUrl: string;
const requests: string[] = [];

/** A local imitation of postcodes.io: two known postcodes, one that fails, the rest 404. */
function postcodesIo(req: http.IncomingMessage, res: http.ServerResponse) {
  requests.push(req.url ?? '');
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const pc = decodeURIComponent((req.url ?? '').replace(/^\/postcodes\//, '')).toUpperCase();
  if (pc === 'B1 9ZX')
    return send(200, {
      status: 200,
      result: {
        postcode: 'B1 9ZX',
        latitude: 52.48404,
        longitude: -1.88141,
        country: 'England',
        codes: { admin_district: 'E08000025', admin_county: 'E99999999' },
      },
    });
  if (pc === 'TN23 9ZX')
    return send(200, {
      status: 200,
      result: {
        postcode: 'TN23 9ZX',
        latitude: 51.14,
        longitude: 0.87,
        codes: { admin_district: 'E07000105', admin_county: 'E10000016' },
      },
    });
  if (pc === 'OX1 9ZX') return send(500, { status: 500, error: 'broken' });
  return send(404, { status: 404, error: 'Postcode not found' });
}

beforeAll(async () => {
  database = await freshDatabase();
  server = http.createServer(postcodesIo);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await database.close();
});

describe('postcodes', () => {
  it('are recognised in any spacing and case', () => {
    expect(normalisePostcode('sw1a9zx')).toBe('SW1A 9ZX');
    expect(normalisePostcode(' m1   9zx ')).toBe('M1 9ZX');
    expect(normalisePostcode('Leeds')).toBeNull();
    expect(normalisePostcode('LS1')).toBeNull();
  });

  it('import from an ONS Postcode Directory CSV, with a report of the rows skipped', async () => {
    const report = await importPostcodes(database.db, createReadStream(FIXTURE), { batchSize: 3 });
    expect(report.imported).toBe(8);
    expect(report.skipped).toBe(2);
    expect(report.problems).toEqual([
      { line: 9, reason: 'no coordinates' },
      { line: 11, reason: 'not a postcode' },
    ]);
    // Importing again updates in place.
    const again = await importPostcodes(database.db, createReadStream(FIXTURE));
    expect(again.imported).toBe(8);
    const { rows } = await database.pool.query('select count(*)::int as n from postcodes');
    expect(rows[0].n).toBe(8);
  });

  it('are found in the imported table, placed in their upper-tier area', async () => {
    const g = tableGeocoder(database.db);
    expect(await g.lookup('ls1 9zx')).toEqual({
      postcode: 'LS1 9ZX',
      latitude: 53.82273,
      longitude: -1.50736,
      areaCode: 'E08000035',
    });
    // A two-tier district's postcode belongs to its county (Kent), the shipped area.
    expect((await g.lookup('ME14 9ZX'))?.areaCode).toBe('E10000016');
    // Scotland has no shipped area.
    expect((await g.lookup('EH1 9ZX'))?.areaCode).toBeNull();
    expect(await g.lookup('LS3 9ZX')).toBeNull();
  });

  it('refuse a file that is not the directory, and an empty one', async () => {
    await expect(importPostcodes(database.db, Readable.from(['name,town\nA,B\n']))).rejects.toThrow(
      PostcodeImportError,
    );
    await expect(importPostcodes(database.db, Readable.from(['']))).rejects.toThrow(PostcodeImportError);
  });

  it('read CSV with quoted commas, quotes and line breaks across chunks', async () => {
    const records: string[][] = [];
    for await (const r of csvRecords(Readable.from(['a,"b,', ' c","say ""hi"""\r\n1,"two\nlines",3\n'])))
      records.push(r);
    expect(records).toEqual([
      ['a', 'b, c', 'say "hi"'],
      ['1', 'two\nlines', '3'],
    ]);
  });
});

describe('a postcodes.io-compatible service', () => {
  it('geocodes postcodes, taking the county for a two-tier district', async () => {
    const g = httpGeocoder(baseUrl, { areaCodes: new Set(['E08000025', 'E10000016']) });
    expect(await g.lookup('B1 9ZX')).toEqual({
      postcode: 'B1 9ZX',
      latitude: 52.48404,
      longitude: -1.88141,
      areaCode: 'E08000025',
    });
    expect((await g.lookup('TN23 9ZX'))?.areaCode).toBe('E10000016');
    expect(await g.lookup('ZE1 9ZX')).toBeNull();
    expect(requests).toContain('/postcodes/B1%209ZX');
  });

  it('says when it cannot be asked, rather than "no such postcode"', async () => {
    await expect(httpGeocoder(baseUrl).lookup('OX1 9ZX')).rejects.toThrow(GeocoderUnavailableError);
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    await expect(httpGeocoder(url).lookup('B1 9ZX')).rejects.toThrow(GeocoderUnavailableError);
  });

  it('is asked only for postcodes the imported table does not have', async () => {
    const before = requests.length;
    const g = createPostcodeGeocoder(database.db, { apiUrl: baseUrl });
    expect((await g.lookup('LS1 9ZX'))?.areaCode).toBe('E08000035');
    expect(requests.length).toBe(before);
    expect((await g.lookup('B1 9ZX'))?.areaCode).toBe('E08000025');
    expect(requests.length).toBe(before + 1);
    // The table still answers when the service is down.
    const down = chainGeocoders(tableGeocoder(database.db), httpGeocoder('http://127.0.0.1:1'));
    expect((await down.lookup('M1 9ZX'))?.areaCode).toBe('E08000003');
  });
});

describe('place search', () => {
  const geocoder = () => tableGeocoder(database.db);

  it('refines a full postcode to its exact point when the imported table knows it', async () => {
    expect(await findPlace('cf10 9zx', { geocoder: geocoder() })).toEqual({
      kind: 'found',
      place: {
        kind: 'postcode',
        name: 'CF10 9ZX',
        areaCode: 'W06000015',
        latitude: 51.50254,
        longitude: -3.22209,
      },
      others: [],
    });
  });

  it("falls back to the district's centre when no geocoder knows the postcode or it is down", async () => {
    const down = httpGeocoder('http://127.0.0.1:1');
    for (const g of [geocoder(), down]) {
      const r = await findPlace('LS1 4AP', { geocoder: g });
      expect(r).toMatchObject({
        kind: 'found',
        place: { kind: 'postcode', name: 'LS1 4AP', areaCode: 'E08000035' },
      });
    }
  });

  it('finds nothing for text that is no place, and says when a place is outside England and Wales', async () => {
    expect(await findPlace('qwxz', { geocoder: geocoder() })).toEqual({ kind: 'unknown' });
    expect(await findPlace('ZE1 9ZX', { geocoder: geocoder() })).toEqual({
      kind: 'outside',
      name: 'ZE1 9ZX',
    });
    expect(await findPlace('   ', { geocoder: geocoder() })).toEqual({ kind: 'unknown' });
  });
});
