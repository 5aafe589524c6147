/**
 * Moments (timestamps) as GOV.UK writes them, in UK time: "2 December 2026", "2:26pm",
 * "2 December 2026 at 2:26pm"; "midday" and "midnight" rather than 12pm and 12am. Built from parts,
 * so the server and the browser write the same thing whatever their locale data says.
 */
const PARTS = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Europe/London',
});

function partsOf(moment: Date | string) {
  const date = typeof moment === 'string' ? new Date(moment) : moment;
  const parts = Object.fromEntries(PARTS.formatToParts(date).map((p) => [p.type, p.value]));
  return {
    day: Number(parts.day),
    month: parts.month!,
    year: parts.year!,
    hour: Number(parts.hour) % 24,
    minute: parts.minute!,
  };
}

/** "2 December 2026": the day a moment fell on in the UK. */
export function formatDay(moment: Date | string): string {
  const p = partsOf(moment);
  return `${p.day} ${p.month} ${p.year}`;
}

/** "2:26pm", "9am", "midday", "midnight". */
export function formatTime(moment: Date | string): string {
  const p = partsOf(moment);
  if (p.minute === '00' && p.hour === 12) return 'midday';
  if (p.minute === '00' && p.hour === 0) return 'midnight';
  const hour12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  const suffix = p.hour < 12 ? 'am' : 'pm';
  return p.minute === '00' ? `${hour12}${suffix}` : `${hour12}:${p.minute}${suffix}`;
}

/** "2 December 2026 at 2:26pm". */
export function formatMoment(moment: Date | string): string {
  return `${formatDay(moment)} at ${formatTime(moment)}`;
}
