import { z } from 'zod';
import { readAcademicYear } from '../performance/academic-year';

/** The national KS2 file is about 30 MB. */
export const MAX_PERFORMANCE_BYTES = 100 * 1024 * 1024;
const SELECT_FILE = 'Select a Key Stage 2 or Ofsted file (a CSV file)';

export const performanceUploadForm = z
  .object({
    kind: z.enum(['ks2', 'ofsted'], { error: 'Select what the file holds: Key Stage 2 results or Ofsted inspections' }),
    academicYear: z
      .string()
      .trim()
      .default('')
      .refine(
        (v) => v === '' || readAcademicYear(v) !== null,
        'Enter the academic year like 2022/23, or leave it blank for the DfE file',
      )
      .transform((v) => (v === '' ? null : readAcademicYear(v))),
    file: z
      .instanceof(File, { error: SELECT_FILE })
      .refine((file) => file.size > 0, SELECT_FILE)
      .refine((file) => file.size <= MAX_PERFORMANCE_BYTES, 'The file must be smaller than 100 MB')
      .refine((file) => /\.csv$/i.test(file.name), 'The file must be a CSV file (its name ends in .csv)'),
  })
  .refine((v) => v.kind === 'ks2' || v.academicYear === null, {
    path: ['academicYear'],
    message: 'Leave the academic year blank for Ofsted inspections: each has its own date',
  });
