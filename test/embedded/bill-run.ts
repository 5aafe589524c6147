import { getDatabase } from '../../db/client.server';
import { resumeInterruptedRuns, runBillingRunsOnce } from '../../app/billing/billing-run-worker.server';

// A second process for the billing-run kill test: starts as the server does (taking up a run cut
// off by the last stop), works the waiting runs, and prints how far the run has got as it goes.
const { db } = await getDatabase();
await resumeInterruptedRuns();
const report = setInterval(() => {
  void db
    .selectFrom('billing_runs')
    .select(['customers_done', 'status'])
    .execute()
    .then((rows) => rows.forEach((r) => process.stdout.write(`done ${r.customers_done} ${r.status}\n`)));
}, 50);
console.log('ready');
const worked = await runBillingRunsOnce();
clearInterval(report);
console.log(`worked ${worked}`);
process.exit(0);
