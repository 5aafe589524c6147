import { data } from '@remix-run/node';
import { parseForm } from '../forms/parse-form';
import type { ExportPageData } from './ExportForm';
import { exportFilename } from './export-csv.server';
import { exportForm, type ExportKind } from './export-form';

/**
 * The export page's answer to a GET: the empty form, the form with what to fix, or the file.
 * `run` makes the CSV in the asker's own scope (a provider's, or a buyer's).
 */
export async function exportResponse(
  request: Request,
  owner: string,
  run: (what: ExportKind, range: { from: string; to: string }) => Promise<string>,
) {
  const params = new URL(request.url).searchParams;
  if (![...params.keys()].length) return { errors: [], values: {}, owner } satisfies ExportPageData;
  const form = new FormData();
  for (const [key, value] of params) form.append(key, value);
  const parsed = parseForm(exportForm, form);
  if (!parsed.ok)
    return data({ errors: parsed.errors, values: parsed.values, owner } satisfies ExportPageData, { status: 400 });
  const { what, from, to } = parsed.data;
  const csv = await run(what, { from, to });
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${exportFilename(what, owner, { from, to })}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
