import { redirect, type LoaderFunctionArgs } from '@remix-run/node';
import { AUDIT_EXPORT_LIMIT, auditLog } from '../audit/audit-log.server';
import { auditFilterForm } from '../audit/audit-filter-form';
import { requireTenantMember } from '../auth/guards.server';
import { formatMoment } from '../calendar/format-instant';
import { csvDocument } from '../forms/csv-file';
import { parseQuery } from '../forms/parse-form';
import { publicUrl } from '../site.server';

/** The audit log (within its filters) as a spreadsheet, newest first. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const ctx = await requireTenantMember(request, params.tenant, 'audit.view');
  const url = new URL(request.url);
  const parsed = parseQuery(auditFilterForm, request);
  if (!parsed.ok) throw redirect(`/t/${ctx.tenant.slug}/audit?${url.searchParams.toString()}`);
  const { page: _page, ...where } = parsed.data;
  const { entries } = await auditLog(ctx, where, { limit: AUDIT_EXPORT_LIMIT, offset: 0 });
  const csv = csvDocument(
    ['When', 'Who', 'What', 'Link'],
    entries.map((e) => [formatMoment(e.at), e.who, `${e.who} ${e.what}`, e.href ? `${publicUrl()}${e.href}` : '']),
  );
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${ctx.tenant.slug}-audit-log.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
