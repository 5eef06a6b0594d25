import { describe, expect, it } from 'vitest';
import { calendarFile, escapeText, foldLine, parseCalendar } from './ics.ts';

describe('calendar file (RFC 5545)', () => {
  const event = {
    uid: 'b7d3c1a0-0000-4000-8000-000000000001@wayfinder.example',
    start: new Date('2026-06-02T09:30:00Z'),
    end: new Date('2026-06-02T10:30:00Z'),
    stamp: new Date('2026-05-01T08:00:00Z'),
    summary: 'Appointment',
    location: 'Room 2, Community Centre; side door',
    description: `Your appointment on Tuesday 2 June at 10:30, Room 2. Reply or call to change.\nشكرا ${'long text '.repeat(12)}`,
  };

  it('uses CRLF line endings, folds every line at 75 octets and parses back to the same event', () => {
    const ics = calendarFile(event);
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(ics).toContain('\r\n '); // the long description was folded
    expect(ics).toContain('METHOD:PUBLISH');
    expect(ics).toContain('DTSTART:20260602T093000Z');
    expect(ics).toContain('DTEND:20260602T103000Z');
    expect(ics).toContain('LOCATION:Room 2\\, Community Centre\\; side door');
    const [parsed, ...more] = parseCalendar(ics);
    expect(more).toHaveLength(0);
    expect(parsed).toMatchObject({
      UID: event.uid,
      DTSTART: '20260602T093000Z',
      DTEND: '20260602T103000Z',
      DTSTAMP: '20260501T080000Z',
      SUMMARY: 'Appointment',
      LOCATION: event.location,
      DESCRIPTION: event.description,
    });
  });

  it('never splits a multi-byte character when folding', () => {
    const folded = foldLine(`DESCRIPTION:${'موعد '.repeat(30)}`);
    for (const line of folded.split('\r\n')) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      expect(line).not.toContain('\uFFFD');
    }
    expect(folded.replace(/\r\n /g, '')).toBe(`DESCRIPTION:${'موعد '.repeat(30)}`);
  });

  it('escapes backslashes, semicolons, commas and newlines', () => {
    expect(escapeText('a\\b;c,d\ne')).toBe('a\\\\b\\;c\\,d\\ne');
  });

  it('withdraws an event sent before: METHOD:CANCEL, the same UID, a higher SEQUENCE and STATUS:CANCELLED', () => {
    const original = calendarFile(event);
    const cancel = calendarFile({ ...event, method: 'CANCEL', status: 'CANCELLED', sequence: 1 });
    expect(original).toMatch(/^METHOD:PUBLISH\r$/m);
    expect(cancel).toMatch(/^METHOD:CANCEL\r$/m);
    expect(cancel).not.toContain('METHOD:PUBLISH');
    const [before] = parseCalendar(original);
    const [after] = parseCalendar(cancel);
    expect(after!.UID).toBe(before!.UID);
    expect(Number(after!.SEQUENCE)).toBeGreaterThan(Number(before!.SEQUENCE));
    expect(before!.STATUS).toBe('CONFIRMED');
    expect(after!.STATUS).toBe('CANCELLED');
  });
});
