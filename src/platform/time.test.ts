import { describe, expect, it } from 'vitest';
import { londonInstant } from './time.ts';

describe('London wall-clock times', () => {
  it('are GMT in winter and BST in summer, across the clock changes', () => {
    expect(londonInstant('2026-01-15', '09:30')?.toISOString()).toBe('2026-01-15T09:30:00.000Z');
    expect(londonInstant('2026-07-15', '09:30')?.toISOString()).toBe('2026-07-15T08:30:00.000Z');
    expect(londonInstant('2026-03-29', '12:00')?.toISOString()).toBe('2026-03-29T11:00:00.000Z');
    expect(londonInstant('2026-10-25', '12:00')?.toISOString()).toBe('2026-10-25T12:00:00.000Z');
  });

  it('keep the day late in a summer evening (23:30 BST is 22:30 UTC the same day, not the next)', () => {
    expect(londonInstant('2026-07-01', '23:30')?.toISOString()).toBe('2026-07-01T22:30:00.000Z');
    expect(londonInstant('2026-07-01', '00:30')?.toISOString()).toBe('2026-06-30T23:30:00.000Z');
    expect(londonInstant('2026-01-01', '23:30')?.toISOString()).toBe('2026-01-01T23:30:00.000Z');
  });

  it('refuse impossible or malformed dates and times', () => {
    for (const [d, t] of [
      ['2026-02-30', '09:00'],
      ['2026-13-01', '09:00'],
      ['15/01/2026', '09:00'],
      ['2026-01-15', '24:00'],
      ['2026-01-15', '9:00'],
    ] as const)
      expect(londonInstant(d, t), `${d} ${t}`).toBeNull();
  });
});
