import type postgres from 'postgres';
import type { BillingPlan, UnitKind, VatCode } from '../../db/schema';
import { priceModelSchema } from '../../app/pricing/price-model';
import { quote } from '../../app/pricing/quote';
import { UNIT_KINDS } from '../../app/vocabulary';
import { DELIVERY_DAYS, HISTORY_UP_TO, planPeriods, termRanges, valuesList, YEAR_START } from './year';

export interface BenchSize {
  label: string;
  authorities: number;
  schoolsPerAuthority: number;
  /**
   * Where the made-up codes start: authority i has LA code laCodeFrom + i and its school j the URN
   * urnFrom + i * 1000 + j (defaults 200 and 100000). Data beside the demo's real authorities and
   * schools starts elsewhere (the demo has LA codes 335 and 851 to 921, URNs from 100000 up).
   */
  laCodeFrom?: number;
  urnFrom?: number;
}

/** A smoke check of the whole path in seconds (npm run bench:billing -- --size tiny). */
export const TINY: BenchSize = { label: 'tiny', authorities: 3, schoolsPerAuthority: 20 };
export const QUARTER: BenchSize = { label: 'quarter', authorities: 38, schoolsPerAuthority: 144 };
export const FULL: BenchSize = { label: 'full', authorities: 153, schoolsPerAuthority: 144 };

interface ServiceDef {
  code: string;
  name: string;
  category: string;
  unitKind: UnitKind;
  plan: BillingPlan;
  unitPricePence: number;
  /** The academy's VAT treatment; a maintained school's recharge is always outside the scope. */
  vatAcademy: VatCode;
}

/**
 * Eight services, one line each per school: every billing schedule, with a second one billed
 * monthly in arrears. In-advance totals divide by 12 and by 3, so every instalment is whole pence;
 * arrears lines buy 12 units and use 11 (one a month, September to July), all inside the allowance.
 */
const SERVICES: ServiceDef[] = [
  {
    code: 'BENCH-ANNUAL',
    name: 'School improvement partner',
    category: 'school_improvement',
    unitKind: 'place',
    plan: 'annual',
    unitPricePence: 360000,
    vatAcademy: 'S',
  },
  {
    code: 'BENCH-TERMLY',
    name: 'HR advisory',
    category: 'hr',
    unitKind: 'place',
    plan: 'termly',
    unitPricePence: 120000,
    vatAcademy: 'S',
  },
  {
    code: 'BENCH-MONTHLY',
    name: 'Finance support',
    category: 'finance',
    unitKind: 'place',
    plan: 'monthly',
    unitPricePence: 240000,
    vatAcademy: 'S',
  },
  {
    code: 'BENCH-SPLIT',
    name: 'Governor services',
    category: 'governor_services',
    unitKind: 'place',
    plan: 'split_7_5',
    unitPricePence: 120000,
    vatAcademy: 'S',
  },
  {
    code: 'BENCH-EP',
    name: 'Educational psychology',
    category: 'educational_psychology',
    unitKind: 'day',
    plan: 'arrears_monthly',
    unitPricePence: 45000,
    vatAcademy: 'E',
  },
  {
    code: 'BENCH-SEN',
    name: 'SEN inclusion advice',
    category: 'sen_inclusion',
    unitKind: 'hour',
    plan: 'arrears_monthly',
    unitPricePence: 7550,
    vatAcademy: 'S',
  },
  {
    code: 'BENCH-CPD',
    name: 'Training sessions',
    category: 'school_improvement',
    unitKind: 'session',
    plan: 'arrears_termly',
    unitPricePence: 30000,
    vatAcademy: 'S',
  },
  {
    code: 'BENCH-VISIT',
    name: 'Attendance visits',
    category: 'other',
    unitKind: 'meeting',
    plan: 'as_delivered',
    unitPricePence: 9015,
    vatAcademy: 'S',
  },
];

const ARREARS_QUANTITY = 12;
const isArrears = (plan: BillingPlan) =>
  plan === 'arrears_monthly' || plan === 'arrears_termly' || plan === 'as_delivered';

/** Quantities a school buys: arrears lines 12 units, in-advance lines 1 to 3 places by school. */
function quantitiesOf(def: ServiceDef): number[] {
  return isArrears(def.plan) ? [ARREARS_QUANTITY] : [1, 2, 3];
}

/** Each service's price and the real quote engine's working for each quantity bought. */
function quoteRows() {
  return SERVICES.flatMap((def) => {
    const price = priceModelSchema.parse({ model: 'per_unit', unitPricePence: def.unitPricePence });
    return quantitiesOf(def).map((quantity) => {
      const result = quote(
        price,
        { pupils: null, phase: null },
        {
          quantity,
          unitName: UNIT_KINDS[def.unitKind],
          year: { kind: 'academic', start: YEAR_START },
        },
      );
      if (!result.ok) throw new Error(`Bench quote refused for ${def.code}: ${result.message}`);
      const snapshot = { lines: result.lines, working: result.working, instalments: result.instalments };
      return [def.code, quantity, JSON.stringify(price), JSON.stringify(snapshot), result.totalPence] as const;
    });
  });
}

function vatByClass(def: ServiceDef): string {
  return JSON.stringify({
    own_maintained: 'O',
    academy: def.vatAcademy,
    other_la_school: def.vatAcademy,
    partner_council: 'O',
    independent_other: 'S',
  });
}

/**
 * The statements that build the data, run as the owner in one transaction with triggers off
 * (session_replication_role = replica): the history is loaded as already final, which the
 * frozen-document triggers would otherwise refuse, and foreign keys are not re-checked row by row.
 */
function statements(size: BenchSize): string[] {
  const A = size.authorities;
  const S = size.schoolsPerAuthority;
  const laCode = (i: string) => `lpad((${size.laCodeFrom ?? 200} + ${i})::text, 3, '0')`;
  const urnFrom = size.urnFrom ?? 100000;
  const services = valuesList(
    SERVICES.map((d, n) => [n + 1, d.code, d.name, d.category, d.unitKind, d.plan, d.unitPricePence, vatByClass(d)]),
  );
  const periods = valuesList(planPeriods().map((p) => [p.plan, p.idx, p.count, p.label, p.start, p.end]));
  const terms = valuesList(termRanges().map((t) => [t.term, t.start, t.end]));
  const days = valuesList(DELIVERY_DAYS.map((d) => [d]));

  return [
    `set local session_replication_role = replica`,
    `create temp table bench_services (line_number int, code text, name text, category text, unit_kind text,
       billing_plan text, unit_price_pence bigint, vat_by_class jsonb) on commit drop`,
    `insert into bench_services values ${services}`,
    `create temp table bench_quotes (code text, quantity int, price jsonb, quote jsonb, total_pence bigint) on commit drop`,
    `insert into bench_quotes values ${valuesList(quoteRows())}`,
    `create temp table bench_periods (plan text, idx int, n int, label text, period_start date, period_end date) on commit drop`,
    `insert into bench_periods values ${periods}`,
    `create temp table bench_terms (term text, starts_on date, ends_on date) on commit drop`,
    `insert into bench_terms values ${terms}`,
    `create temp table bench_days (delivered_on date) on commit drop`,
    `insert into bench_days values ${days}`,

    // Councils and their tenants, each with a finance officer who also logs the work.
    `insert into organisations (kind, name, la_code)
       select 'council', 'Bench council ' || i, ${laCode('i')} from generate_series(1, ${A}) i`,
    `insert into tenants (slug, name, organisation_id, la_code, address, postcode, vat_number, invoice_prefix,
                          reference_prefix, contact_email, bank_name, bank_sort_code, bank_account_number)
       select 'bench-' || i, 'Bench council ' || i || ' education services', o.id, o.la_code,
              i || ' Civic Centre' || E'\\n' || 'Benchtown', 'BT1 1AA', 'GB' || lpad(i::text, 9, '0'),
              p.prefix || '-', p.prefix, 'traded@bench-' || i || '.example', 'Bench Bank', '12-34-56', lpad(i::text, 8, '0')
         from generate_series(1, ${A}) i
         cross join lateral (select 'B' || chr(65 + (i - 1) / 26) || chr(65 + (i - 1) % 26) as prefix) p
         join organisations o on o.kind = 'council' and o.la_code = ${laCode('i')}`,
    `insert into users (email, name) select 'finance@' || slug || '.example', 'Finance officer, ' || name from tenants`,
    `insert into tenant_memberships (tenant_id, user_id, role)
       select t.id, u.id, 'finance' from tenants t join users u on u.email = 'finance@' || t.slug || '.example'`,

    // Schools: three in five maintained by the council (recharged), two in five academies (invoiced).
    `insert into schools (urn, la_code, la_name, name, type_of_establishment, type_group, status, phase, pupils,
                          street, town, postcode)
       select ${urnFrom} + i * 1000 + j, ${laCode('i')}, 'Bench council ' || i, 'Bench school ' || i || '-' || j,
              case when j % 5 < 3 then 'Community school' else 'Academy converter' end,
              case when j % 5 < 3 then 'la_maintained' else 'academy' end, 'Open', 'Primary', 100 + (j * 7) % 400,
              j || ' School Lane', 'Benchtown', 'BT' || (i % 9 + 1) || ' ' || (j % 9 + 1) || 'AB'
         from generate_series(1, ${A}) i, generate_series(1, ${S}) j`,
    `insert into organisations (kind, name, urn, la_code) select 'school', name, urn, la_code from schools`,
    `insert into customer_accounts (tenant_id, organisation_id, customer_class, settlement_method, account_code,
                                    billing_contact_name, billing_contact_email, billing_address_line1, billing_town,
                                    billing_postcode, year_kind)
       select t.id, o.id,
              case when s.type_group = 'la_maintained' then 'own_maintained' else 'academy' end,
              case when s.type_group = 'la_maintained' then 'recharge' else 'invoice' end,
              'C' || s.urn, 'Business manager', 'bursar@' || s.urn || '.school.example', s.street, s.town, s.postcode,
              'academic'
         from schools s join organisations o on o.urn = s.urn join tenants t on t.la_code = s.la_code`,

    // The catalogue and its published charge schedule for 2025/26.
    `insert into services (tenant_id, code, name, category, unit_kind, vat_by_class, sold_to, billing_plan, status,
                           cost_centre, subjective_code)
       select t.id, b.code, b.name, b.category, b.unit_kind, b.vat_by_class,
              '{"ownArea":true,"authorities":[],"partnerCouncils":false,"anySchool":false}', b.billing_plan,
              'published', 'CC' || lpad(b.line_number::text, 3, '0'), 'SJ' || lpad(b.line_number::text, 3, '0')
         from tenants t cross join bench_services b`,
    `insert into charge_schedules (tenant_id, year_kind, year_start, version, status, effective_from, published_at)
       select id, 'academic', date '${YEAR_START}', 1, 'published', date '${YEAR_START}', timestamptz '2025-06-01 09:00'
         from tenants`,
    `insert into schedule_prices (tenant_id, schedule_id, service_id, customer_class, price)
       select s.tenant_id, cs.id, s.id, c.customer_class, q.price
         from services s
         join charge_schedules cs on cs.tenant_id = s.tenant_id
         join (select distinct code, price from bench_quotes) q on q.code = s.code
         cross join (values ('own_maintained'), ('academy')) c (customer_class)`,

    // One accepted order per school, eight active lines each.
    `insert into orders (tenant_id, reference, organisation_id, placed_by_organisation_id, customer_class,
                         settlement_method, po_number, contact_name, contact_email, status, submitted_total_pence,
                         idempotency_key, submitted_by, submitted_at, decided_by, decided_at, accepted_on, proposed_by)
       select ca.tenant_id,
              t.reference_prefix || '-ORD-' || lpad((row_number() over (partition by ca.tenant_id order by o.urn))::text, 5, '0'),
              ca.organisation_id, ca.organisation_id, ca.customer_class, ca.settlement_method,
              case when ca.settlement_method = 'invoice' then 'PO-' || o.urn end,
              'Business manager', ca.billing_contact_email, 'accepted', 0, 'bench-' || o.urn, u.id,
              timestamptz '2025-07-01 10:00', u.id, timestamptz '2025-07-02 10:00', date '2025-07-02', 'buyer'
         from customer_accounts ca
         join organisations o on o.id = ca.organisation_id
         join tenants t on t.id = ca.tenant_id
         join users u on u.email = 'finance@' || t.slug || '.example'`,
    `insert into order_lines (tenant_id, order_id, line_number, service_id, service_code, service_name, unit_kind,
                              schedule_id, year_kind, year_start, quantity, price, quote, total_pence,
                              allowance_hundredths, overage_unit_price_pence, status, billing_plan)
       select ord.tenant_id, ord.id, b.line_number, s.id, s.code, s.name, s.unit_kind, cs.id, 'academic',
              date '${YEAR_START}', q.quantity, q.price, q.quote, q.total_pence, q.quantity * 100, b.unit_price_pence,
              'active', s.billing_plan
         from orders ord
         join organisations o on o.id = ord.organisation_id
         join services s on s.tenant_id = ord.tenant_id
         join bench_services b on b.code = s.code
         join charge_schedules cs on cs.tenant_id = ord.tenant_id
         join bench_quotes q on q.code = s.code
          and q.quantity = case when b.billing_plan like 'arrears%' or b.billing_plan = 'as_delivered'
                                then ${ARREARS_QUANTITY} else 1 + (o.urn % 1000) % 3 end`,
    `update orders o set submitted_total_pence = l.total
       from (select tenant_id, order_id, sum(total_pence) as total from order_lines group by 1, 2) l
      where l.tenant_id = o.tenant_id and l.order_id = o.id`,
    `insert into order_counters (tenant_id, last_number) select tenant_id, count(*) from orders group by tenant_id`,

    // A year of work on the arrears lines: one unit on the 15th of each month, confirmed.
    `insert into deliveries (tenant_id, order_line_id, delivered_on, units_hundredths, practitioner_id, work_type,
                             status, confirm_by, logged_by, logged_at, confirmed_at, auto_confirmed)
       select l.tenant_id, l.id, d.delivered_on, 100, tm.user_id, 'Visit', 'confirmed', d.delivered_on + 10,
              tm.user_id, d.delivered_on + time '16:00', d.delivered_on + 10 + time '00:05', true
         from order_lines l
         join tenant_memberships tm on tm.tenant_id = l.tenant_id
         cross join bench_days d
        where l.billing_plan in ('arrears_monthly', 'arrears_termly', 'as_delivered')`,

    // History: every charge due by the end of June 2026, billed by a finished run of the month it
    // fell due in (an arrears term's records in the month the term ended), as final documents.
    `analyze organisations, tenants, customer_accounts, services, orders, order_lines, deliveries`,
    `create temp table bench_history on commit drop as
     select c.*, gen_random_uuid() as line_id, s.vat_by_class ->> ca.customer_class as vat_code,
            case ca.settlement_method when 'recharge' then 'recharge' else 'invoice' end as kind
       from (
       select l.tenant_id, ord.organisation_id, l.id as order_line_id, 'instalment'::text as charge_kind,
              'instalment:' || to_char(p.period_start, 'YYYY-MM-DD') as charge_key, null::uuid as delivery_id,
              l.service_name || ', ' || p.label || ' instalment' as description, p.period_start, p.period_end,
              100 as quantity_hundredths,
              case when p.plan = 'split_7_5'
                   then case when p.idx = 1 then (l.total_pence * 7 * 2 + 12) / 24 else l.total_pence - (l.total_pence * 7 * 2 + 12) / 24 end
                   else l.total_pence / p.n + case when p.idx = 1 then l.total_pence % p.n else 0 end end as net_pence,
              date_trunc('month', p.period_start)::date as billed_month, l.service_id
         from order_lines l
         join orders ord on ord.tenant_id = l.tenant_id and ord.id = l.order_id
         join bench_periods p on p.plan = l.billing_plan
        where p.period_start <= date '${HISTORY_UP_TO}'
       union all
       select l.tenant_id, ord.organisation_id, l.id, 'delivery', 'delivery:' || d.id, d.id,
              l.service_name || ', delivered on ' || to_char(d.delivered_on, 'FMDD FMMonth YYYY'),
              d.delivered_on, d.delivered_on, d.units_hundredths,
              (l.total_pence * d.units_hundredths * 2 + l.allowance_hundredths) / (2 * l.allowance_hundredths),
              date_trunc('month', case when l.billing_plan = 'arrears_termly' then t.ends_on else d.delivered_on end)::date,
              l.service_id
         from deliveries d
         join order_lines l on l.tenant_id = d.tenant_id and l.id = d.order_line_id
         join orders ord on ord.tenant_id = l.tenant_id and ord.id = l.order_id
         join bench_terms t on d.delivered_on between t.starts_on and t.ends_on
        where case when l.billing_plan = 'arrears_termly' then t.ends_on else d.delivered_on end <= date '${HISTORY_UP_TO}'
       ) c
       join services s on s.tenant_id = c.tenant_id and s.id = c.service_id
       join customer_accounts ca on ca.tenant_id = c.tenant_id and ca.organisation_id = c.organisation_id`,
    `analyze bench_history`,
    `insert into billing_runs (tenant_id, period_kind, period_label, period_start, period_end, status, customers_total,
                               customers_done, documents_made, lines_made, outcome, attempts, started_at, finished_at)
       select h.tenant_id, 'month', to_char(h.billed_month, 'FMMonth YYYY'), h.billed_month,
              (h.billed_month + interval '1 month - 1 day')::date, 'finished', count(distinct h.organisation_id),
              count(distinct h.organisation_id), count(distinct h.organisation_id), count(*), 'Loaded by the bench', 1,
              h.billed_month + interval '1 month', h.billed_month + interval '1 month 5 minutes'
         from bench_history h group by h.tenant_id, h.billed_month`,
    `create temp table bench_documents on commit drop as
       select gen_random_uuid() as id, h.tenant_id, h.organisation_id, h.billed_month, h.kind,
              row_number() over (partition by h.tenant_id, h.kind order by h.billed_month, h.organisation_id) as n,
              sum(h.net_pence) as net_pence,
              sum((h.net_pence * case h.vat_code when 'S' then 2000 else 0 end * 2 + 10000) / 20000) as vat_pence
         from bench_history h group by h.tenant_id, h.organisation_id, h.billed_month, h.kind`,
    `analyze bench_documents`,
    `insert into billing_documents (tenant_id, id, kind, run_id, organisation_id, status, number, issued_on, tax_point,
                                    due_on, po_number, customer_name, customer_address, account_code,
                                    billing_contact_name, billing_contact_email, supplier_name, supplier_address,
                                    supplier_vat_number, remittance, net_pence, vat_pence, total_pence, created_by,
                                    created_at, finalised_by, finalised_at)
       select d.tenant_id, d.id, d.kind, r.id, d.organisation_id, 'final',
              t.invoice_prefix || case d.kind when 'invoice' then 'INV' else 'RCH' end || lpad(d.n::text, 6, '0'),
              (d.billed_month + interval '1 month')::date, (d.billed_month + interval '1 month')::date,
              (d.billed_month + interval '1 month' + make_interval(days => t.payment_terms_days))::date,
              ord.po_number, o.name, ca.billing_address_line1 || E'\\n' || ca.billing_town || E'\\n' || ca.billing_postcode,
              ca.account_code, ca.billing_contact_name, ca.billing_contact_email, t.name, t.address || E'\\n' || t.postcode,
              t.vat_number,
              jsonb_build_object('bankName', t.bank_name, 'sortCode', t.bank_sort_code, 'accountNumber', t.bank_account_number),
              d.net_pence, d.vat_pence, d.net_pence + d.vat_pence, tm.user_id, d.billed_month + interval '1 month',
              tm.user_id, d.billed_month + interval '1 month 1 hour'
         from bench_documents d
         join tenants t on t.id = d.tenant_id
         join tenant_memberships tm on tm.tenant_id = d.tenant_id
         join organisations o on o.id = d.organisation_id
         join customer_accounts ca on ca.tenant_id = d.tenant_id and ca.organisation_id = d.organisation_id
         join orders ord on ord.tenant_id = d.tenant_id and ord.organisation_id = d.organisation_id
         join billing_runs r on r.tenant_id = d.tenant_id and r.period_start = d.billed_month`,
    `insert into billing_document_lines (tenant_id, document_id, id, line_number, charge_kind, order_line_id,
                                         delivery_id, charge_key, description, period_start, period_end,
                                         quantity_hundredths, unit_price_pence, net_pence, vat_code,
                                         vat_rate_basis_points, vat_pence, po_number, cost_centre, subjective_code)
       select h.tenant_id, d.id, h.line_id,
              row_number() over (partition by d.id order by h.period_start, h.order_line_id, h.charge_key),
              h.charge_kind, h.order_line_id, h.delivery_id, h.charge_key, h.description, h.period_start, h.period_end,
              h.quantity_hundredths, h.net_pence * 100 / h.quantity_hundredths, h.net_pence, h.vat_code,
              case h.vat_code when 'S' then 2000 else 0 end,
              (h.net_pence * case h.vat_code when 'S' then 2000 else 0 end * 2 + 10000) / 20000,
              ord.po_number, s.cost_centre, s.subjective_code
         from bench_history h
         join bench_documents d on d.tenant_id = h.tenant_id and d.organisation_id = h.organisation_id
          and d.billed_month = h.billed_month
         join orders ord on ord.tenant_id = h.tenant_id and ord.organisation_id = h.organisation_id
         join services s on s.tenant_id = h.tenant_id and s.id = h.service_id`,
    `insert into billed_charges (tenant_id, order_line_id, charge_key, document_id, document_line_id)
       select h.tenant_id, h.order_line_id, h.charge_key, d.id, h.line_id
         from bench_history h
         join bench_documents d on d.tenant_id = h.tenant_id and d.organisation_id = h.organisation_id
          and d.billed_month = h.billed_month`,
    `insert into document_counters (tenant_id, kind, last_number)
       select tenant_id, kind, max(n) from bench_documents group by tenant_id, kind`,
  ];
}

export interface GeneratedCounts {
  tenants: number;
  schools: number;
  orderLines: number;
  deliveries: number;
  historyDocuments: number;
  historyLines: number;
}

/**
 * Writes out the write-ahead log behind a bulk load or a copy of the database (about a gigabyte at
 * full size), so that the checkpoint it forces falls here and not in the middle of what is measured
 * next. It needs a superuser or pg_checkpoint; without either the bench goes on, and says so.
 */
export async function checkpoint(owner: postgres.Sql): Promise<void> {
  await owner.unsafe('checkpoint').catch((error: unknown) => {
    console.log(`no checkpoint: ${error instanceof Error ? error.message : String(error)}`);
  });
}

/** Builds one size's data in the (empty, migrated) bench database, then vacuums and analyses it. */
export async function generateData(owner: postgres.Sql, size: BenchSize): Promise<GeneratedCounts> {
  await owner.begin(async (tx) => {
    for (const statement of statements(size)) await tx.unsafe(statement);
  });
  await owner.unsafe('vacuum analyze');
  await checkpoint(owner);
  const [counts] = await owner.unsafe<GeneratedCounts[]>(`select
      (select count(*) from tenants)::int as "tenants",
      (select count(*) from schools)::int as "schools",
      (select count(*) from order_lines)::int as "orderLines",
      (select count(*) from deliveries)::int as "deliveries",
      (select count(*) from billing_documents)::int as "historyDocuments",
      (select count(*) from billing_document_lines)::int as "historyLines"`);
  return counts!;
}
