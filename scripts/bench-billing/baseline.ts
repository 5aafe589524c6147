import type postgres from 'postgres';
import { planPeriods, termRanges, valuesList } from './year';

export interface CustomerTotal {
  lines: number;
  netPence: number;
  vatPence: number;
}

/** Per customer (tenant and organisation billed) what a run bills or should bill. */
export type Totals = Map<string, CustomerTotal>;

/**
 * The hand-written, set-based statement: every charge due by the end of the period that is not yet
 * claimed in billed_charges, priced as app/billing/due-charges.ts prices it (instalments from the
 * calendar's schedule, the odd pence on the first and 7/12 rounded half up; arrears records pro
 * rata of the agreed total in billing order, already-billed records first, with overage beyond the
 * allowance), VAT per line half up, summed per customer. It covers what the bench data holds:
 * lines active or completed, no variations, cancellations or trust consolidation.
 */
export function baselineSql(periodEnd: string): string {
  const periods = valuesList(planPeriods().map((p) => [p.plan, p.idx, p.count, p.start]));
  const terms = valuesList(termRanges().map((t) => [t.end]));
  const end = `date '${periodEnd}'`;
  const share = (
    units: string,
  ) => `(l.total_pence * least(${units}, l.allowance_hundredths) * 2 + l.allowance_hundredths)
      / (2 * l.allowance_hundredths)
    + case when ${units} > l.allowance_hundredths and l.overage_unit_price_pence is not null
           then ((${units} - l.allowance_hundredths) * l.overage_unit_price_pence * 2 + 100) / 200 else 0 end`;
  return `
with periods (plan, idx, n, period_start) as (values ${periods}),
term_ends (ends_on) as (values ${terms}),
lines as (
  select l.tenant_id, l.id, o.organisation_id, l.service_id, l.billing_plan, l.total_pence, l.allowance_hundredths,
         l.overage_unit_price_pence
    from order_lines l join orders o on o.tenant_id = l.tenant_id and o.id = l.order_id
   where l.status in ('active', 'completed')
),
instalments as (
  select l.tenant_id, l.id as order_line_id, l.organisation_id, l.service_id,
         'instalment:' || to_char(p.period_start, 'YYYY-MM-DD') as charge_key,
         case when p.plan = 'split_7_5'
              then case when p.idx = 1 then (l.total_pence * 14 + 12) / 24 else l.total_pence - (l.total_pence * 14 + 12) / 24 end
              else l.total_pence / p.n + case when p.idx = 1 then l.total_pence % p.n else 0 end end as net_pence
    from lines l join periods p on p.plan = l.billing_plan
   where p.period_start <= ${end}
     and not exists (select 1 from billed_charges b where b.tenant_id = l.tenant_id and b.order_line_id = l.id
                        and b.charge_key = 'instalment:' || to_char(p.period_start, 'YYYY-MM-DD'))
),
records as (
  select l.*, d.id as delivery_id, d.delivered_on, d.units_hundredths,
         exists (select 1 from billed_charges b where b.tenant_id = l.tenant_id and b.order_line_id = l.id
                    and b.charge_key = 'delivery:' || d.id) as billed
    from lines l join deliveries d on d.tenant_id = l.tenant_id and d.order_line_id = l.id
   where l.billing_plan in ('arrears_monthly', 'arrears_termly', 'as_delivered')
     and l.allowance_hundredths is not null and d.status = 'confirmed'
     and case l.billing_plan
           when 'as_delivered' then d.delivered_on
           when 'arrears_monthly' then (date_trunc('month', d.delivered_on) + interval '1 month - 1 day')::date
           else (select min(t.ends_on) from term_ends t where t.ends_on >= d.delivered_on) end <= ${end}
),
cumulative as (
  select r.*, sum(r.units_hundredths) over (partition by r.tenant_id, r.id
           order by r.billed desc, r.delivered_on, r.delivery_id rows between unbounded preceding and current row) as upto
    from records r
),
arrears as (
  select l.tenant_id, l.id as order_line_id, l.organisation_id, l.service_id, 'delivery:' || l.delivery_id as charge_key,
         (${share('l.upto')}) - (${share('(l.upto - l.units_hundredths)')}) as net_pence
    from cumulative l
   where not l.billed
),
due as (
  select * from instalments where net_pence <> 0
  union all
  select * from arrears where net_pence > 0
)
select d.tenant_id::text as tenant_id, d.organisation_id::text as organisation_id, count(*)::int as lines,
       sum(d.net_pence)::bigint as net_pence,
       sum((abs(d.net_pence) * v.rate * 2 + 10000) / 20000 * sign(d.net_pence))::bigint as vat_pence
  from due d
  join services s on s.tenant_id = d.tenant_id and s.id = d.service_id
  join customer_accounts ca on ca.tenant_id = d.tenant_id and ca.organisation_id = d.organisation_id
  cross join lateral (select case s.vat_by_class ->> ca.customer_class when 'S' then 2000 else 0 end as rate) v
 group by d.tenant_id, d.organisation_id`;
}

interface TotalRow {
  tenant_id: string;
  organisation_id: string;
  lines: number;
  net_pence: string | number;
  vat_pence: string | number;
}

function toTotals(rows: readonly TotalRow[]): Totals {
  return new Map(
    rows.map((r) => [
      `${r.tenant_id}/${r.organisation_id}`,
      { lines: r.lines, netPence: Number(r.net_pence), vatPence: Number(r.vat_pence) },
    ]),
  );
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Runs the baseline three times (before the run: its drafts claim the charges) and keeps the median. */
export async function timeBaseline(owner: postgres.Sql, periodEnd: string, times = 3) {
  const statement = baselineSql(periodEnd);
  const timings: number[] = [];
  let totals: Totals = new Map();
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    const rows = await owner.unsafe<TotalRow[]>(statement);
    timings.push(performance.now() - started);
    totals = toTotals(rows);
  }
  return { medianMs: median(timings), timingsMs: timings, totals };
}

/** What the runs actually billed, per customer, from their draft documents. */
export async function runTotals(owner: postgres.Sql, runIds: readonly string[]): Promise<Totals> {
  const rows = await owner.unsafe<TotalRow[]>(
    `select d.tenant_id::text as tenant_id, d.organisation_id::text as organisation_id, count(*)::int as lines,
            sum(l.net_pence)::bigint as net_pence, sum(l.vat_pence)::bigint as vat_pence
       from billing_documents d
       join billing_document_lines l on l.tenant_id = d.tenant_id and l.document_id = d.id
      where d.run_id = any($1::uuid[])
      group by d.tenant_id, d.organisation_id`,
    [runIds as string[]],
  );
  return toTotals(rows);
}

/** MATCH, or the first differences (customer, what the baseline says, what the run made). */
export function compareTotals(baseline: Totals, run: Totals, show = 5): { match: boolean; report: string[] } {
  const report: string[] = [];
  let differences = 0;
  const describe = (t: CustomerTotal | undefined) =>
    t ? `${t.lines} lines, net ${t.netPence}p, VAT ${t.vatPence}p` : 'nothing';
  for (const key of new Set([...baseline.keys(), ...run.keys()])) {
    const b = baseline.get(key);
    const r = run.get(key);
    if (b && r && b.lines === r.lines && b.netPence === r.netPence && b.vatPence === r.vatPence) continue;
    differences++;
    if (report.length < show) report.push(`  ${key}: baseline ${describe(b)}; run ${describe(r)}`);
  }
  if (differences > show) report.push(`  … ${differences - show} more customers differ`);
  return {
    match: differences === 0,
    report: differences === 0 ? ['MATCH'] : [`${differences} customers differ:`, ...report],
  };
}
