/**
 * A seeded, deterministic generator of clearly fictional directory services (every name ends in
 * "(demo)"), spread over all 175 local authority areas: one in every area first, the rest weighted by
 * how many residents were born outside the UK (Census 2021). Phones are in Ofcom's drama ranges
 * (01632 960xxx, 020 7946 0xxx), emails and websites under example.org, postcodes well-formed but
 * made up, locations near the area's centroid. About one in twenty is a refuge whose location is
 * withheld.
 *
 * - `demoServiceDocuments({ count, seed })` yields HSDS 3.0 service_full documents (for the benchmark's
 *   import timing, or to write a feed file).
 * - `seedDemoDirectory(db, audit, { count, seed, owners })` writes them in batches (fast enough for
 *   100,000); `owners` (partnership organisation ids) each maintain a share of the first services,
 *   some of them overdue a review.
 * - `seedDemoDirectoryIfEmpty(...)` does that only when the directory has no service yet (npm start).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { count as countRows, inArray, sql } from 'drizzle-orm';
import type { AuditService } from '../../platform/audit/service.ts';
import { organisations } from '../../platform/auth/schema.ts';
import type { Db } from '../../platform/db/index.ts';
import { parseCsvObjects } from './csv.ts';
import { languages, orgKinds, prefixes, streets, templates } from './demo-data.ts';
import { termAttribute } from './document.ts';
import { emptyRowSet, ingestDocument, mergeRowSets } from './ingest.ts';
import { dirOrganization, dirService } from './schema.ts';
import { writeRowSet } from './store.ts';
import { deliveryTerms, needTerms, type ShippedTerm, whoForTerms } from './taxonomies.ts';

const REFERENCE = path.resolve(import.meta.dirname, '../../../reference/geo');

export interface DemoArea {
  code: string;
  name: string;
  latitude: number;
  longitude: number;
  /** Residents born outside the UK (Census 2021), used to weight where services are. */
  weight: number;
}

let areasCache: DemoArea[] | undefined;
/** The 175 areas with centroids and weights, from reference/geo. */
export function demoAreas(): DemoArea[] {
  if (areasCache) return areasCache;
  const areas = parseCsvObjects(
    readFileSync(path.join(REFERENCE, 'upper_tier_authorities_ew_2023.csv'), 'utf8'),
  );
  const census = new Map(
    parseCsvObjects(readFileSync(path.join(REFERENCE, 'census2021_born_outside_uk_by_area.csv'), 'utf8')).map(
      (r) => [r.code!, Number(r.born_outside_uk)],
    ),
  );
  areasCache = areas.map((a) => ({
    code: a.code!,
    name: a.name!,
    latitude: Number(a.lat),
    longitude: Number(a.long),
    weight: census.get(a.code!) ?? 1,
  }));
  return areasCache;
}

/** mulberry32: small, fast, deterministic. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
    uuid: () => {
      let hex = '';
      for (let i = 0; i < 4; i++)
        hex += Math.floor(next() * 0x100000000)
          .toString(16)
          .padStart(8, '0');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((Number.parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
  };
}
type Rng = ReturnType<typeof prng>;

const ordinaryTemplates = templates.filter((t) => !t.refuge);

const languageNames = new Intl.DisplayNames(['en'], { type: 'language' });
const languageName = new Map(['en', ...languages].map((c) => [c, languageNames.of(c) ?? c]));
const days = ['MO', 'TU', 'WE', 'TH', 'FR'] as const;
// Postcode letters that may end an inward code (no C, I, K, M, O or V).
const inwardLetters = 'ABDEFGHJLNPQRSTUWXYZ';

function slugify(s: string): string {
  return s
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function phoneNumber(rng: Rng): string {
  return rng.chance(0.5)
    ? `01632 960${String(rng.int(0, 999)).padStart(3, '0')}`
    : `020 7946 0${String(rng.int(0, 999)).padStart(3, '0')}`;
}

function postcode(rng: Rng, area: DemoArea): string {
  const letters = area.name.replace(/[^A-Za-z]/g, '').toUpperCase();
  const outward = `${letters[0] ?? 'X'}${letters[1] ?? 'X'}${rng.int(1, 29)}`;
  return `${outward} ${rng.int(1, 9)}${inwardLetters[rng.int(0, inwardLetters.length - 1)]}${inwardLetters[rng.int(0, inwardLetters.length - 1)]}`;
}

/** Picks the area of the i-th service: every area once, then weighted by residents born abroad. */
function areaPicker(areas: DemoArea[]) {
  const total = areas.reduce((s, a) => s + a.weight, 0);
  const cumulative: number[] = [];
  let run = 0;
  for (const a of areas) {
    run += a.weight / total;
    cumulative.push(run);
  }
  return (i: number, rng: Rng): DemoArea => {
    if (i < areas.length) return areas[i]!;
    const x = rng.next();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return areas[lo]!;
  };
}

export interface DemoOptions {
  /** How many services (default 320). */
  count?: number;
  /** The seed: the same seed and count always give the same services (default 2026). */
  seed?: number;
}

/** Yields `count` fictional HSDS 3.0 service_full documents, deterministically from `seed`. */
export function* demoServiceDocuments(opts: DemoOptions = {}): Generator<Record<string, unknown>> {
  const count = opts.count ?? 320;
  const rng = prng(opts.seed ?? 2026);
  const areas = demoAreas();
  const areaFor = areaPicker(areas);
  // Organisations: one per (prefix, kind, area) as needed, so a charity runs several services in its area.
  const orgs = new Map<string, { id: string; name: string; slug: string; description: string }>();
  const epoch = Date.UTC(2026, 0, 1);
  for (let i = 0; i < count; i++) {
    const area = areaFor(i, rng);
    const template = i % 20 === 7 ? templates[1]! : rng.pick(ordinaryTemplates);
    const prefix = rng.pick(prefixes);
    const orgKey = `${prefix}|${area.code}`;
    let org = orgs.get(orgKey);
    if (!org) {
      const kind = rng.pick(orgKinds);
      const name = `${prefix} ${kind} ${area.name} (demo)`;
      org = {
        id: rng.uuid(),
        name,
        slug: slugify(`${prefix} ${kind} ${area.name}`),
        description: `A fictional ${kind.toLowerCase()} in ${area.name}, run by and for women, made up for Wayfinder’s demonstration.`,
      };
      orgs.set(orgKey, org);
    }
    const serviceName = `${prefix} ${rng.pick(template.names)} (demo)`;
    const id = rng.uuid();
    const refuge = template.refuge === true;
    const latitude = Math.round((area.latitude + (rng.next() - 0.5) * 0.06) * 1e5) / 1e5;
    const longitude = Math.round((area.longitude + (rng.next() - 0.5) * 0.1) * 1e5) / 1e5;
    const whoFor: ShippedTerm[] = [whoForTerms.womenOnly];
    if (rng.chance(0.45)) whoFor.push(whoForTerms.refugeesAsylumSeekers);
    if (rng.chance(0.2)) whoFor.push(whoForTerms.blackMinoritisedWomen);
    if (rng.chance(0.08)) whoFor.push(whoForTerms.lbtqi);
    if (rng.chance(0.1)) whoFor.push(whoForTerms.disabledWomen);
    if (template.need === needTerms.maternity || rng.chance(0.06))
      whoFor.push(whoForTerms.pregnantNewMothers);
    if (rng.chance(0.1)) whoFor.push(whoForTerms.youngWomen);
    const delivery = [...new Set([template.delivery[0]!, rng.pick(template.delivery)])];
    const needs = [template.need];
    if (rng.chance(0.3)) {
      // Drawn as before (the same seed gives the same directory), kept only when the service's
      // description speaks of it: a refuge is not tagged "employment".
      const other = rng.pick(Object.values(needTerms));
      if (other !== template.need && template.alsoNeeds?.includes(other)) needs.push(other);
    }
    const spoken = ['en', ...new Set(Array.from({ length: rng.int(0, 3) }, () => rng.pick(languages)))];
    const dayA = rng.int(0, 4);
    const dayB = (dayA + rng.int(1, 3)) % 5;
    const opens = rng.pick(['09:00', '09:30', '10:00', '13:00']);
    const closes = opens === '13:00' ? '16:30' : rng.pick(['12:30', '15:00', '16:00', '17:00']);
    const free = refuge || rng.chance(0.85);
    const young = whoFor.includes(whoForTerms.youngWomen);
    const lastModified = new Date(epoch - rng.int(0, 540) * 86_400_000);
    yield {
      id,
      name: serviceName,
      description: template.describe(area.name),
      url: `https://${org.slug}.example.org/${slugify(serviceName)}`,
      email: `hello@${org.slug}.example.org`,
      status: rng.chance(0.97) ? 'active' : 'temporarily closed',
      interpretation_services:
        spoken.length > 1 ? 'Interpreters available on request, including by phone.' : undefined,
      application_process: refuge
        ? 'Phone us or ask the National Domestic Abuse Helpline to refer you. We will arrange where to meet.'
        : delivery.includes(deliveryTerms.dropIn)
          ? 'Just come along during opening hours, or ask your key worker to refer you.'
          : 'Phone or email to book a first conversation, or ask your key worker to refer you.',
      eligibility_description: young ? 'Women aged 16 to 25.' : 'Women aged 18 and over.',
      minimum_age: young ? 16 : 18,
      maximum_age: young ? 25 : undefined,
      last_modified: lastModified.toISOString(),
      organization: {
        id: org.id,
        name: org.name,
        description: org.description,
        website: `https://${org.slug}.example.org`,
      },
      phones: [{ id: rng.uuid(), number: phoneNumber(rng), type: 'voice' }],
      schedules: [
        {
          id: rng.uuid(),
          freq: 'WEEKLY',
          byday: [days[dayA], days[dayB]].sort((x, y) => days.indexOf(x!) - days.indexOf(y!)).join(','),
          opens_at: `${opens}:00`,
          closes_at: `${closes}:00`,
          description: refuge
            ? 'Phone line staffed at these times; the refuge is staffed around the clock.'
            : undefined,
        },
      ],
      service_areas: [
        {
          id: rng.uuid(),
          name: area.name,
          extent: area.code,
          extent_type: 'gss_code',
          uri: `http://statistics.data.gov.uk/id/statistical-geography/${area.code}`,
        },
      ],
      service_at_locations: [
        {
          id: rng.uuid(),
          location: {
            id: rng.uuid(),
            location_type: 'physical',
            name: refuge
              ? `${prefix} refuge (address withheld)`
              : `${prefix} ${rng.pick(['Centre', 'Hub', 'Community Rooms', 'House'])}`,
            latitude,
            longitude,
            x_withheld: refuge || undefined,
            x_area_code: area.code,
            addresses: [
              {
                id: rng.uuid(),
                address_1: `${rng.int(1, 180)} ${rng.pick(streets)}`,
                city: area.name,
                state_province: area.code.startsWith('W') ? 'Wales' : 'England',
                postal_code: postcode(rng, area),
                country: 'GB',
                address_type: 'physical',
              },
            ],
            accessibility: rng.chance(0.6)
              ? [{ id: rng.uuid(), description: 'Step-free entrance, accessible toilet and a quiet room.' }]
              : undefined,
          },
        },
      ],
      languages: spoken.map((code) => ({ id: rng.uuid(), code, name: languageName.get(code) ?? code })),
      cost_options: [
        free
          ? {
              id: rng.uuid(),
              option: 'Free',
              amount: 0,
              currency: 'GBP',
              amount_description: 'Free of charge',
            }
          : {
              id: rng.uuid(),
              option: 'Small contribution',
              amount: rng.pick([2, 3, 5]),
              currency: 'GBP',
              amount_description: 'per session; free if you cannot pay',
            },
      ],
      attributes: [...needs, ...whoFor, ...delivery].map((t) => termAttribute(rng.uuid(), t)),
    };
  }
}

export interface SeedOptions extends DemoOptions {
  /** Partnership organisation ids: each maintains a share of the first services (some overdue a review). */
  owners?: string[];
  /** Services per transaction (default 500). */
  batchSize?: number;
  onProgress?: (done: number) => void;
}

/** Writes the demo services in batches. Returns how many were written. */
export async function seedDemoDirectory(
  db: Db,
  audit: AuditService,
  opts: SeedOptions = {},
): Promise<number> {
  const batchSize = opts.batchSize ?? 500;
  let batch: Record<string, unknown>[] = [];
  let done = 0;
  const written: string[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const set = emptyRowSet();
    for (const doc of batch) {
      const result = ingestDocument(doc, 'service', { trusted: true });
      if (result.problems.length)
        throw new Error(`demo service ${String(doc.id)} is invalid: ${JSON.stringify(result.problems)}`);
      mergeRowSets(set, result.set);
    }
    const ids = batch.map((d) => d.id as string);
    written.push(...ids);
    await db.transaction(async (tx) => {
      await writeRowSet(tx, set, { source: 'wayfinder-demo' });
      await audit.record(
        {
          action: 'directory.demo-seeded',
          recordType: 'directory_service',
          details: { services: ids.length },
        },
        tx,
      );
    });
    done += batch.length;
    batch = [];
    opts.onProgress?.(done);
  };
  for (const doc of demoServiceDocuments(opts)) {
    batch.push(doc);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  if (opts.owners?.length) await assignOwners(db, opts.owners, written);
  return done;
}

/**
 * The first services (by id order, deterministic) are maintained by the partnership's organisations,
 * twelve each: reviewed at different times, a third of them longer ago than the stale period. Each
 * is also run by that organisation (its HSDS organization is the one that stands for it, same id, as
 * for a service staff add), so a referral to it goes to that organisation's inbox on Wayfinder.
 */
async function assignOwners(db: Db, owners: string[], seeded: string[]): Promise<void> {
  const names = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.id, owners));
  if (names.length)
    await db
      .insert(dirOrganization)
      .values(
        names.map((o) => ({ id: o.id, name: o.name, description: o.name, owner_organisation_id: o.id })),
      )
      .onConflictDoNothing();
  // Only the services just written (a service staff made already is its organisation's own), the
  // first by id: lower-case uuid text sorts as PostgreSQL sorts uuids.
  const rows = [...seeded]
    .sort()
    .slice(0, owners.length * 12)
    .map((id) => ({ id }));
  for (const [i, owner] of owners.entries()) {
    const ids = rows.slice(i * 12, (i + 1) * 12).map((r) => r.id);
    if (!ids.length) continue;
    await db
      .update(dirService)
      .set({
        owner_organisation_id: owner,
        organization_id: owner,
        // 0, 30, ..., 330 days ago: the older ones are overdue a review.
        last_reviewed_at: sql`now() - make_interval(days => (array_position(${sql.raw(`array[${ids.map((x) => `'${x}'::uuid`).join(',')}]`)}, ${dirService.id}) - 1) * 30)`,
      })
      .where(inArray(dirService.id, ids));
  }
}

/** Seeds the demo directory only when it has no service at all. Returns how many were written. */
export async function seedDemoDirectoryIfEmpty(
  db: Db,
  audit: AuditService,
  opts: SeedOptions = {},
): Promise<number> {
  const [row] = await db.select({ n: countRows() }).from(dirService);
  if (row && row.n > 0) return 0;
  return seedDemoDirectory(db, audit, opts);
}
