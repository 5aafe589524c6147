import { sql, type Kysely } from 'kysely';

// Frozen in time: never edit after it has run anywhere; add a new migration instead.
//
// School performance data (issue 13): Key Stage 2 results and Ofsted inspections, national
// reference data held once for every tenant like `schools`; the record of each import; and each
// tenant's own thresholds for reading that data.

const RUNTIME_ROLE = 'traded_app';

const JUDGEMENT = `text check (%s in ('outstanding','good','requires_improvement','satisfactory','inadequate'))`;
const judgement = (column: string) => `${column} ${JUDGEMENT.replace('%s', column)}`;

const statements: string[] = [
  // Each performance file imported (by the command, the seed or a platform administrator): which
  // file, which year, what changed. Platform administration on the owner's handle only.
  `create table performance_imports (
     id uuid primary key default gen_random_uuid(),
     kind text not null check (kind in ('ks2','ofsted')),
     academic_year smallint check (academic_year between 1990 and 2100),
     file_name text not null,
     imported_by uuid references users (id),
     imported_at timestamptz not null default now(),
     school_rows integer not null check (school_rows >= 0),
     inserted integer not null check (inserted >= 0),
     updated integer not null check (updated >= 0),
     unchanged integer not null check (unchanged >= 0),
     unknown_urns integer not null check (unknown_urns >= 0),
     summary_rows integer not null check (summary_rows >= 0),
     check ((kind = 'ks2') = (academic_year is not null))
   )`,
  `create index performance_imports_recent on performance_imports (imported_at desc)`,
  `alter table performance_imports enable row level security`,
  `alter table performance_imports force row level security`,

  // Key Stage 2 results per school per academic year (2025 = 2024/25), as the DfE performance
  // tables publish them; null is "no value" (suppressed, not published, no entries …), never zero.
  // 'year_file' rows come from that year's own file; 'later_file' rows from the earlier-year columns
  // of a later file (PTRWM_EXP_24 …), which a year's own file always replaces.
  `create table ks2_results (
     urn integer not null references schools (urn),
     academic_year smallint not null check (academic_year between 1990 and 2100),
     source text not null check (source in ('year_file','later_file')),
     eligible_pupils integer check (eligible_pupils >= 0),
     pupils_on_roll integer check (pupils_on_roll >= 0),
     ptrwm_exp numeric(4,1) check (ptrwm_exp between 0 and 100),
     ptrwm_high numeric(4,1) check (ptrwm_high between 0 and 100),
     ptread_exp numeric(4,1) check (ptread_exp between 0 and 100),
     ptwritta_exp numeric(4,1) check (ptwritta_exp between 0 and 100),
     ptmat_exp numeric(4,1) check (ptmat_exp between 0 and 100),
     read_prog numeric(4,1) check (read_prog between -99.9 and 99.9),
     writ_prog numeric(4,1) check (writ_prog between -99.9 and 99.9),
     mat_prog numeric(4,1) check (mat_prog between -99.9 and 99.9),
     import_id uuid references performance_imports (id),
     imported_at timestamptz not null default now(),
     primary key (urn, academic_year)
   )`,
  `grant select on ks2_results to ${RUNTIME_ROLE}`,

  // Ofsted inspections per school, by date: the latest is the school's current judgement. Since
  // September 2024 there is no overall effectiveness grade, so it may be null.
  `create table ofsted_inspections (
     urn integer not null references schools (urn),
     inspection_date date not null,
     ${judgement('overall_effectiveness')},
     ${judgement('quality_of_education')},
     ${judgement('behaviour_and_attitudes')},
     ${judgement('personal_development')},
     ${judgement('leadership_and_management')},
     ${judgement('early_years')},
     ${judgement('sixth_form')},
     import_id uuid references performance_imports (id),
     imported_at timestamptz not null default now(),
     primary key (urn, inspection_date)
   )`,
  `grant select on ofsted_inspections to ${RUNTIME_ROLE}`,

  // A tenant's thresholds for reading the data: the floor on the share of pupils meeting the
  // expected standard in reading, writing and maths, and the limit below which a progress score
  // is a concern. No row means the defaults.
  `create table improvement_thresholds (
     tenant_id uuid primary key references tenants (id),
     ptrwm_exp_floor smallint not null default 65 check (ptrwm_exp_floor between 0 and 100),
     progress_limit numeric(3,1) not null default -5.0 check (progress_limit between -20 and 20),
     updated_by uuid references users (id),
     updated_at timestamptz not null default now()
   )`,
  `alter table improvement_thresholds enable row level security`,
  `alter table improvement_thresholds force row level security`,
  `create policy tenant_isolation on improvement_thresholds for all to ${RUNTIME_ROLE}
     using (tenant_id = app_tenant_id()) with check (tenant_id = app_tenant_id())`,
  `grant select, insert on improvement_thresholds to ${RUNTIME_ROLE}`,
  `grant update (ptrwm_exp_floor, progress_limit, updated_by, updated_at) on improvement_thresholds to ${RUNTIME_ROLE}`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('This migration is not reversible');
}
