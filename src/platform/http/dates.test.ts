import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dateField, govukDate, parseDateParts } from './dates.ts';
import { parseForm } from './forms.ts';

const parts = (day: string, month: string, year: string) => ({ day, month, year });

describe('the GOV.UK date parser', () => {
  it('refuses a month of 13 or 0, 31 April, and 29 February outside a leap year', () => {
    for (const [d, m, y] of [
      ['2', '13', '2025'],
      ['2', '0', '2025'],
      ['31', '4', '2025'],
      ['29', '2', '2025'],
      ['0', '1', '2025'],
      ['1', '1', '25'],
      ['1', 'x', '2025'],
    ] as const)
      expect(parseDateParts(parts(d, m, y)), `${d}/${m}/${y}`).toEqual({ problem: 'invalid' });
  });

  it('accepts real dates, 29 February in a leap year, and reads all-empty as no date', () => {
    expect(parseDateParts(parts('29', '2', '2024'))).toEqual({ value: '2024-02-29' });
    expect(parseDateParts(parts(' 2 ', '03', '2026'))).toEqual({ value: '2026-03-02' });
    expect(parseDateParts(parts('', '', ''))).toEqual({ value: null });
  });

  it('gives the caller its own keys for missing, invalid and future dates', () => {
    const messages = { missing: 'm', invalid: 'i', future: 'f' };
    expect(dateField({}, 'on', { required: true, messages })).toEqual({ value: null, error: 'm' });
    expect(dateField({ 'on-day': '1', 'on-month': '13', 'on-year': '2020' }, 'on', { messages }).error).toBe(
      'i',
    );
    expect(
      dateField({ 'on-day': '1', 'on-month': '1', 'on-year': '2999' }, 'on', { notFuture: true, messages })
        .error,
    ).toBe('f');
  });

  it('reports every field error at once, in the order of the form', () => {
    const form = z.object({
      name: z.string().min(1, 'name'),
      on: govukDate({ required: true, messages: { invalid: 'date' } }),
      notes: z.string().max(2, 'notes'),
    });
    const r = parseForm(form, {
      name: '',
      'on-day': '2',
      'on-month': '13',
      'on-year': '2025',
      notes: 'long',
    });
    expect(r.errors).toEqual({ name: 'name', on: 'date', notes: 'notes' });
    expect(Object.keys(r.errors!)).toEqual(['name', 'on', 'notes']);
    expect(
      parseForm(form, { name: 'a', 'on-day': '2', 'on-month': '12', 'on-year': '2025', notes: '' }).data,
    ).toEqual({ name: 'a', on: '2025-12-02', notes: '' });
  });
});
