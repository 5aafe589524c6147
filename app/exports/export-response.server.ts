import { data, redirect } from '@remix-run/node';
import { parseQuery } from '../forms/parse-form';
import type { ExportPageData } from './ExportForm';
import { exportFilename } from './export-csv.server';
import { exportForm, type ExportKind } from './export-form';

function readExportForm(request: Request) {
  return { params: new URL(request.url).searchParams, parsed: parseQuery(exportForm, request) };
}

/**
 * The export page's answer to its GET form: the empty form, the form with what to fix, or (all
 * well) on to the file at `downloadPath` with the same query, which the browser downloads.
 */
export function exportPage(request: Request, owner: string, downloadPath: string) {
  const { params, parsed } = readExportForm(request);
  if (![...params.keys()].length) return { errors: [], values: {}, owner } satisfies ExportPageData;
  if (!parsed.ok)
    return data({ errors: parsed.errors, values: parsed.values, owner } satisfies ExportPageData, { status: 400 });
  throw redirect(`${downloadPath}?${params.toString()}`);
}

/**
 * The file itself: the CSV `run` makes in the asker's own scope (a provider's, or a buyer's). A
 * query that does not make sense goes back to the page at `pagePath`, which says what to fix.
 */
export async function exportDownload(
  request: Request,
  owner: string,
  pagePath: string,
  run: (what: ExportKind, range: { from: string; to: string }) => Promise<string>,
) {
  const { params, parsed } = readExportForm(request);
  if (!parsed.ok) throw redirect(`${pagePath}?${params.toString()}`);
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
