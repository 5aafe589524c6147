import { formatDay, formatTime } from '../calendar/format-instant';

/**
 * "You can try again at 3:15pm" (or "on 3 December 2026 at 3:15pm" when that is another day in the
 * UK). Rounded up to the minute, so the time said is never a moment that is still refused.
 */
export function tryAgainAt(until: Date, now: Date): string {
  const minute = 60_000;
  const at = new Date(Math.ceil(Math.max(until.getTime(), now.getTime() + 1) / minute) * minute);
  return formatDay(at) === formatDay(now)
    ? `You can try again at ${formatTime(at)}`
    : `You can try again on ${formatDay(at)} at ${formatTime(at)}`;
}
