/**
 * A London wall-clock date ("2026-03-04") and time ("09:30") to an instant: drop-ins and 1-2-1s are
 * in the UK, whatever the server's time zone. Null for a malformed or impossible date or time.
 */
export function londonInstant(date: string, time: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return null;
  const guess = new Date(`${date}T${time}:00Z`);
  if (Number.isNaN(guess.getTime()) || guess.toISOString().slice(0, 10) !== date) return null;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(guess);
  const h = Number(parts.find((p) => p.type === 'hour')!.value);
  const m = Number(parts.find((p) => p.type === 'minute')!.value);
  const offsetMinutes = h * 60 + m - (guess.getUTCHours() * 60 + guess.getUTCMinutes());
  return new Date(guess.getTime() - (((offsetMinutes + 720) % 1440) - 720) * 60_000);
}
