import { z } from 'zod';

/** The schools list's filters (a GET form): anything not understood is no filter, never an error page. */
export const schoolFilters = z.object({
  category: z.enum(['intensive', 'targeted', 'universal', 'none']).optional().catch(undefined),
  phase: z.string().trim().max(100).optional().catch(undefined),
  data: z.enum(['below_floor', 'below_thresholds', 'no_results']).optional().catch(undefined),
  officer: z.string().uuid().or(z.literal('none')).optional().catch(undefined),
});

export type SchoolFilters = z.output<typeof schoolFilters>;

export const DATA_FILTERS = [
  { value: 'below_floor', text: 'Below the floor at the expected standard' },
  { value: 'below_thresholds', text: 'Below any of your thresholds' },
  { value: 'no_results', text: 'No Key Stage 2 results' },
] as const;

interface Filterable {
  urn: number;
  phase: string | null;
  ks2Year: number | null;
  ptrwmExp: number | null;
  concerns: string[];
}

/** The schools that pass every filter chosen. */
export function filterSchools<S extends Filterable>(
  schools: S[],
  filters: SchoolFilters,
  extras: { floor: number; categoryOf: Record<number, { level: string }>; officersOf: Record<number, string[]> },
): S[] {
  return schools.filter((s) => {
    if (filters.phase && (s.phase ?? '') !== filters.phase) return false;
    if (filters.category) {
      const level = extras.categoryOf[s.urn]?.level ?? 'none';
      if (level !== filters.category) return false;
    }
    if (filters.data === 'below_floor' && !(s.ptrwmExp !== null && s.ptrwmExp < extras.floor)) return false;
    if (filters.data === 'below_thresholds' && s.concerns.length === 0) return false;
    if (filters.data === 'no_results' && s.ks2Year !== null) return false;
    if (filters.officer) {
      const officers = extras.officersOf[s.urn] ?? [];
      if (filters.officer === 'none' ? officers.length > 0 : !officers.includes(filters.officer)) return false;
    }
    return true;
  });
}
