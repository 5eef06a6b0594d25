/**
 * How far London's wall clock is ahead of UTC at this instant, in minutes (0 in winter, 60 in
 * summer). Read across midnight too: 23:30 UTC is 00:30 the next day in London, +60, not -1380.
 */
export function londonOffsetMinutes(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const h = Number(parts.find((p) => p.type === 'hour')!.value);
  const m = Number(parts.find((p) => p.type === 'minute')!.value);
  const ahead = (((h * 60 + m - (at.getUTCHours() * 60 + at.getUTCMinutes())) % 1440) + 1440) % 1440;
  return ahead > 720 ? ahead - 1440 : ahead;
}

/**
 * A London wall-clock date ("2026-03-04") and time ("09:30") to an instant: drop-ins and 1-2-1s are
 * in the UK, whatever the server's time zone. Null for a malformed or impossible date or time.
 */
export function londonInstant(date: string, time: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return null;
  const guess = new Date(`${date}T${time}:00Z`);
  if (Number.isNaN(guess.getTime()) || guess.toISOString().slice(0, 10) !== date) return null;
  return new Date(guess.getTime() - londonOffsetMinutes(guess) * 60_000);
}
