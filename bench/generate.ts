/**
 * Seeded, deterministic data for benchmarks: the same seed gives the same data on every machine.
 * Each generator takes its own stream (`rng.fork('services')`), so adding one never shifts another.
 * Everything generated is fictional.
 */

/** mulberry32: a small, fast 32-bit PRNG with a full period; returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: turns a label into a 32-bit seed. */
function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class Rng {
  private readonly next01: () => number;
  constructor(readonly seed: number | string = 20260101) {
    this.next01 = mulberry32(typeof seed === 'number' ? seed : hash32(seed));
  }
  /** An independent stream named by `label`. */
  fork(label: string): Rng {
    return new Rng(hash32(`${this.seed}/${label}`));
  }
  next(): number {
    return this.next01();
  }
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next01() * (max - min + 1));
  }
  float(min: number, max: number): number {
    return min + this.next01() * (max - min);
  }
  chance(p: number): boolean {
    return this.next01() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next01() * items.length)] as T;
  }
  /** One item, chosen with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let r = this.next01() * items.reduce((s, [, w]) => s + w, 0);
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next01() * (i + 1));
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
  /** `n` distinct items (all of them when n >= length). */
  sample<T>(items: readonly T[], n: number): T[] {
    return this.shuffle(items).slice(0, n);
  }
  /** Normally distributed (Box-Muller). */
  normal(mean: number, sd: number): number {
    const u = 1 - this.next01();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next01());
  }
  /** A version-4-shaped UUID from this stream (deterministic, unlike crypto.randomUUID). */
  uuid(): string {
    const hex = Array.from({ length: 32 }, () => this.int(0, 15).toString(16));
    hex[12] = '4';
    hex[16] = (8 + this.int(0, 3)).toString(16);
    const s = hex.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
  date(from: Date, to: Date): Date {
    return new Date(this.float(from.getTime(), to.getTime()));
  }
}

/** How many of each thing a benchmark makes: the full data set, or the smaller `--quick` one. */
export function scale(quick: boolean) {
  const n = quick ? 10_000 : 100_000;
  return { services: n, participants: n, opportunities: n / 10, organisations: quick ? 60 : 400 };
}

/** Splits rows into batches for multi-row inserts. */
export function* batches<T>(items: Iterable<T>, size = 1000): Generator<T[]> {
  let batch: T[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

const givenNames = (
  'Amina Fatima Leyla Nadia Grace Mariam Sara Hana Yasmin Esther Olena Parisa Zainab Rahel ' +
  'Lina Maryam Chipo Aisha Noor Joy Ana Tigist Shirin Ngozi Iryna Farah Mei Rukhsana Selam ' +
  'Dalia'
).split(' ');
const familyNames = (
  'Ahmadi Okafor Haddad Mensah Kovalenko Rahimi Tesfaye Hussain Nguyen Mohammed Osei ' +
  'Karimi Abdi Bakr Moyo Petrenko Hassan Yusuf Kaya Bello Rezaei Gebre Ali Danso ' +
  'Shevchenko Sultani Eze Noori Tadesse'
).split(' ');
const words = (
  'advice support women drop in group english language employment skills training confidence ' +
  'wellbeing counselling housing benefits money debt health mental community volunteering ' +
  'mentoring interview childcare travel refugee asylum legal immigration safe space weekly ' +
  'free friendly local centre session course work placement qualification guidance family'
).split(' ');

export function personName(rng: Rng): { given: string; family: string } {
  return { given: rng.pick(givenNames), family: rng.pick(familyNames) };
}

/** A sentence of `n` words from a sector vocabulary (for descriptions and search text). */
export function sentence(rng: Rng, n: number): string {
  const s = Array.from({ length: n }, () => rng.pick(words)).join(' ');
  return `${s[0]!.toUpperCase()}${s.slice(1)}.`;
}

/** A UK mobile number from Ofcom's range reserved for drama (never a real person's). */
export function phone(rng: Rng): string {
  return `07700 900${String(rng.int(0, 999)).padStart(3, '0')}`;
}

/** An address at example.org (reserved: mail to it goes nowhere). */
export function email(rng: Rng, name = personName(rng)): string {
  return `${name.given}.${name.family}.${rng.int(1, 99_999)}@example.org`.toLowerCase();
}
