/**
 * `npm start` builds the app only when something the build reads has changed since the last
 * successful build. The fingerprint is a hash of the contents of every input below; it is stored
 * beside the build output, with a signature of that output, only after a build succeeds. A
 * missing or partial build, a build made since by `npm run build`, or any changed, added or
 * removed input means building again: a stale build is worse than a slow start.
 *
 *   tsx scripts/build-if-changed.ts     builds when needed (`npm run build` always builds)
 *
 * server.ts calls `buildIfChanged` itself under `--build-if-changed` (what `npm start` runs), so
 * that the build and the database's start-up run side by side.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Folders whose every file may reach the build: the app, and the folders app code imports from
 * (scripts/build-if-changed.test.ts follows the app's imports to prove nothing lies outside).
 * Vite's `public` folder is read too, should one be added.
 */
export const INPUT_FOLDERS = ['app', 'db', 'tenants', 'public'];

/**
 * Files the build reads beside them: its configuration, the dependencies (the lock file, and
 * npm's record of what node_modules holds), and the .env files Vite loads.
 */
export const INPUT_FILES = [
  'vite.config.ts',
  'tsconfig.json',
  'package.json',
  'package-lock.json',
  'node_modules/.package-lock.json',
  '.env',
  '.env.local',
  '.env.production',
  '.env.production.local',
];

type Env = Record<string, string | undefined>;

/** Where the fingerprint of the last successful build is kept, inside the build folder. */
export const STAMP_FILE = '.inputs-fingerprint.json';

/** Every input file that exists, as sorted paths relative to `root` (with `/` separators). */
export function buildInputs(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(path.join(root, dir), { withFileTypes: true });
    } catch {
      return; // a folder that is not there is no input
    }
    for (const entry of entries) {
      const rel = `${dir}/${entry.name}`;
      const isDir = entry.isSymbolicLink() ? statSync(path.join(root, rel)).isDirectory() : entry.isDirectory();
      if (isDir) walk(rel);
      else found.push(rel);
    }
  };
  for (const folder of INPUT_FOLDERS) walk(folder);
  for (const file of INPUT_FILES) if (existsSync(path.join(root, file))) found.push(file);
  return found.sort();
}

/**
 * The hash of every input's path and contents, and of what else decides the output: the mode
 * (NODE_ENV, production when unset, as Vite builds), any VITE_ variables and Node's version.
 */
export function inputsFingerprint(root: string, env: Env = process.env): string {
  const hash = createHash('sha256');
  const settings = Object.entries({ ...env, NODE_ENV: env.NODE_ENV || 'production' })
    .filter(([key]) => key === 'NODE_ENV' || key.startsWith('VITE_'))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  hash.update(JSON.stringify({ node: process.version, settings }));
  for (const file of buildInputs(root)) {
    const contents = readFileSync(path.join(root, file));
    hash.update(`\0${file}\0${contents.length}\0`);
    hash.update(contents);
  }
  return hash.digest('hex');
}

/** The build's own files (name, size, time written), so a build replaced or cut short since is noticed. */
export function outputSignature(buildDir: string): string | null {
  if (!existsSync(path.join(buildDir, 'server', 'index.js')) || !existsSync(path.join(buildDir, 'client'))) return null;
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(buildDir, dir), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else {
        const stat = statSync(path.join(buildDir, rel));
        hash.update(`${rel}\0${stat.size}\0${stat.mtimeMs}\n`);
      }
    }
  };
  walk('server');
  walk('client');
  return hash.digest('hex');
}

interface Stamp {
  inputs: string;
  output: string;
  builtAt: string;
}

export interface BuildCheck {
  needed: boolean;
  /** Why a build is needed, or that it is not, in words for the start-up log. */
  reason: string;
  /** The inputs' fingerprint now, to be recorded once the build succeeds. */
  inputs: string;
}

export function checkBuild(root: string, buildDir = path.join(root, 'build'), env: Env = process.env): BuildCheck {
  const inputs = inputsFingerprint(root, env);
  const output = outputSignature(buildDir);
  if (!output) return { needed: true, reason: 'no build yet', inputs };
  let stamp: Stamp | null = null;
  try {
    stamp = JSON.parse(readFileSync(path.join(buildDir, STAMP_FILE), 'utf8')) as Stamp;
  } catch {
    // no stamp, or an unreadable one: build
  }
  if (!stamp) return { needed: true, reason: 'no record of what the build was made from', inputs };
  if (stamp.output !== output) return { needed: true, reason: 'the build was changed since it was recorded', inputs };
  if (stamp.inputs !== inputs) return { needed: true, reason: 'sources changed since the last build', inputs };
  return { needed: false, reason: 'up to date with the sources', inputs };
}

/** Records a successful build made from inputs with this fingerprint. */
export function recordBuild(buildDir: string, inputs: string): void {
  const output = outputSignature(buildDir);
  if (!output) throw new Error(`The build in ${buildDir} is incomplete: nothing recorded`);
  const stamp: Stamp = { inputs, output, builtAt: new Date().toISOString() };
  writeFileSync(path.join(buildDir, STAMP_FILE), `${JSON.stringify(stamp, null, 2)}\n`);
}

/** Forgets the last build's record, so a build cut short is never taken as current. */
export function forgetBuild(buildDir: string): void {
  rmSync(path.join(buildDir, STAMP_FILE), { force: true });
}

/** `npm run build` in `root`; its output is shown, or kept and returned (for the log if it fails). */
export function runBuild(root: string, show: boolean): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', 'build'], {
      cwd: root,
      stdio: show ? 'inherit' : ['ignore', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    // The build is this process's helper: it ends with it.
    const stop = () => child.kill();
    process.once('exit', stop);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => {
      process.off('exit', stop);
      resolve({ ok: code === 0, output });
    });
  });
}

export interface BuildResult {
  built: boolean;
  reason: string;
  ms: number;
}

/** Builds when the check says so, and records the build once it succeeds; throws when it fails. */
export async function buildIfChanged(
  options: { root?: string; show?: boolean; check?: BuildCheck; env?: Env } = {},
): Promise<BuildResult> {
  const root = options.root ?? process.cwd();
  const buildDir = path.join(root, 'build');
  const began = performance.now();
  const check = options.check ?? checkBuild(root, buildDir, options.env);
  if (!check.needed) return { built: false, reason: check.reason, ms: performance.now() - began };
  forgetBuild(buildDir);
  const { ok, output } = await runBuild(root, options.show ?? true);
  if (!ok) throw new Error(`The build failed (npm run build).${output ? `\n${output}` : ''}`);
  recordBuild(buildDir, check.inputs);
  return { built: true, reason: check.reason, ms: performance.now() - began };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const result = await buildIfChanged();
    console.log(
      result.built
        ? `Built (${result.reason}) in ${Math.round(result.ms)} ms`
        : `No build needed: ${result.reason} (checked in ${Math.round(result.ms)} ms)`,
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
