import { describe, expect, it } from 'vitest';
import { batches, email, phone, Rng, sentence } from './generate.ts';

const draw = (rng: Rng) => [rng.int(1, 1000), rng.uuid(), sentence(rng, 5), phone(rng), email(rng)];

describe('benchmark data generator', () => {
  it('gives the same data for the same seed, different data for another', () => {
    expect(draw(new Rng(42))).toEqual(draw(new Rng(42)));
    expect(draw(new Rng(42))).not.toEqual(draw(new Rng(43)));
    expect(draw(new Rng('services'))).toEqual(draw(new Rng('services')));
  });

  it('keeps forked streams independent of draws made on the parent', () => {
    const a = new Rng(7);
    const b = new Rng(7);
    b.int(0, 10);
    expect(draw(a.fork('participants'))).toEqual(draw(b.fork('participants')));
    expect(draw(a.fork('participants'))).not.toEqual(draw(a.fork('services')));
  });

  it('stays within bounds and spreads over the whole range', () => {
    const rng = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(rng.int(3, 9));
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(rng.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(rng.sample([1, 2, 3, 4, 5], 3)).size).toBe(3);
    expect([...batches([1, 2, 3, 4, 5], 2)]).toEqual([[1, 2], [3, 4], [5]]);
  });
});
