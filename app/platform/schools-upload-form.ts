import { z } from 'zod';
import type { RowProblem } from '../schools/parse-gias';

/** GIAS's full establishment extract ("all establishment data") is about 60 MB. */
export const MAX_GIAS_BYTES = 100 * 1024 * 1024;
const SELECT_FILE = 'Select a GIAS establishment extract (a CSV file)';

export const schoolsUploadForm = z.object({
  file: z
    .instanceof(File, { error: SELECT_FILE })
    .refine((file) => file.size > 0, SELECT_FILE)
    .refine((file) => file.size <= MAX_GIAS_BYTES, 'The file must be smaller than 100 MB')
    .refine((file) => /\.csv$/i.test(file.name), 'The file must be a CSV file (its name ends in .csv)'),
});

/** One bad row, worded the same by the upload page and `npm run import:schools`. */
export function describeRowProblem(problem: RowProblem): string {
  return `Line ${problem.line}${problem.urn ? ` (URN ${problem.urn})` : ''}: ${problem.reason}`;
}
