import type { SerializeFrom } from '@remix-run/node';

/**
 * Each route names its page in `handle.title`; the root layout writes the one <title>, prefixed
 * "Error: " when the page shows an error summary (the GOV.UK pattern), so screen readers hear it.
 */
export interface TitleHandle<Loader = unknown> {
  title:
    | string
    | ((data: (Loader extends (...args: never[]) => unknown ? SerializeFrom<Loader> : unknown) | undefined) => string);
}

export function pageTitle(handle: unknown, data: unknown, hasErrors: boolean): string {
  const title = (handle as Partial<TitleHandle<never>> | undefined)?.title;
  const name = typeof title === 'function' ? (title as (d: unknown) => string)(data) : (title ?? 'Traded');
  const full = name === 'Traded' ? name : `${name} – Traded`;
  return hasErrors ? `Error: ${full}` : full;
}
