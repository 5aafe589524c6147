import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { serverProcessPlan } from './server/processes';
import { superviseServerProcesses } from './server/supervise-processes';
import { runningLine } from './app/start-log';

const dev = process.argv.includes('--dev');
// `npm start`: build first if the sources changed since the last build (scripts/build-if-changed.ts).
const buildIfNeeded = !dev && process.argv.includes('--build-if-changed');
// The production build serves React's production code (read when the build is imported).
if (!dev) process.env.NODE_ENV ??= 'production';
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';

// On PostgreSQL, one server process per core (WEB_CONCURRENCY to choose); on the embedded
// database, and in development, this process alone (server/processes.ts). A process that
// only supervises loads none of the app.
const plan =
  cluster.isPrimary && !dev ? serverProcessPlan(process.env, availableParallelism()) : { count: 1, note: null };
if ('error' in plan) {
  console.error(`\n${plan.error}\n`);
  process.exit(1);
}
if (plan.note) console.log(plan.note);
if (cluster.isPrimary && plan.count > 1) {
  superviseServerProcesses({
    count: plan.count,
    runningLine: (address) => runningLine(address, performance.now(), plan.count),
  });
} else {
  const { serve } = await import('./server/serve');
  await serve({ dev, buildIfNeeded, port, host });
}
