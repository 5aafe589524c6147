import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buildIfChanged,
  buildInputs,
  checkBuild,
  INPUT_FILES,
  INPUT_FOLDERS,
  inputsFingerprint,
  recordBuild,
  STAMP_FILE,
} from './build-if-changed';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function write(root: string, file: string, text: string) {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

/** A project with sources, and optionally a build of them, in a new temporary folder. */
function project(options: { built?: boolean } = {}) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'traded-build-check-'));
  made.push(root);
  write(root, 'app/root.tsx', 'export default function App() {}\n');
  write(root, 'app/routes/buy.tsx', 'export const loader = () => null;\n');
  write(root, 'db/queries/services.ts', 'export const x = 1;\n');
  write(root, 'tenants/demo.ts', 'export const demo = [];\n');
  write(root, 'vite.config.ts', 'export default {};\n');
  write(root, 'package.json', '{"name":"t"}\n');
  write(root, 'package-lock.json', '{"lockfileVersion":3}\n');
  write(root, 'test/fixtures.ts', 'not an input\n');
  if (options.built) {
    makeBuildOutput(root);
    recordBuild(path.join(root, 'build'), inputsFingerprint(root, {}));
  }
  return root;
}

function makeBuildOutput(root: string) {
  write(root, 'build/server/index.js', 'export const routes = {};\n');
  write(root, 'build/client/assets/manifest-abc.js', 'window.__remixManifest = {};\n');
}

const check = (root: string) => checkBuild(root, path.join(root, 'build'), {});

describe('whether npm start must build', () => {
  it('builds when there is no build', () => {
    const root = project();
    expect(check(root)).toMatchObject({ needed: true, reason: 'no build yet' });
  });

  it('builds when a build is there but no record of what it was made from', () => {
    const root = project();
    makeBuildOutput(root);
    expect(check(root)).toMatchObject({ needed: true, reason: 'no record of what the build was made from' });
  });

  it('does not build when nothing changed since the recorded build', () => {
    const root = project({ built: true });
    expect(check(root)).toMatchObject({ needed: false, reason: 'up to date with the sources' });
    // Touching a file without changing it is no change.
    const now = new Date();
    utimesSync(path.join(root, 'app/root.tsx'), now, now);
    expect(check(root).needed).toBe(false);
    // Nor is a change outside the build's inputs.
    write(root, 'test/fixtures.ts', 'still not an input\n');
    write(root, 'README.md', '# changed\n');
    expect(check(root).needed).toBe(false);
  });

  it.each([
    ['a changed route', (root: string) => write(root, 'app/routes/buy.tsx', 'export const loader = () => 1;\n')],
    ['a new route', (root: string) => write(root, 'app/routes/sell.tsx', 'export default 1;\n')],
    ['a removed route', (root: string) => rmSync(path.join(root, 'app/routes/buy.tsx'))],
    ['a changed query in db/', (root: string) => write(root, 'db/queries/services.ts', 'export const x = 2;\n')],
    ['changed demo data in tenants/', (root: string) => write(root, 'tenants/demo.ts', 'export const demo = [1];\n')],
    ['a changed Vite config', (root: string) => write(root, 'vite.config.ts', 'export default { x: 1 };\n')],
    ['changed dependencies', (root: string) => write(root, 'package-lock.json', '{"lockfileVersion":3,"x":1}\n')],
    ['a new .env file', (root: string) => write(root, '.env', 'VITE_X=1\n')],
  ])('builds after %s', (_, change) => {
    const root = project({ built: true });
    change(root);
    expect(check(root)).toMatchObject({ needed: true, reason: 'sources changed since the last build' });
  });

  it('builds when the build itself was replaced or cut short since it was recorded', () => {
    const root = project({ built: true });
    write(root, 'build/server/index.js', 'export const routes = { other: 1 };\n');
    expect(check(root)).toMatchObject({ needed: true, reason: 'the build was changed since it was recorded' });

    const other = project({ built: true });
    rmSync(path.join(other, 'build/client'), { recursive: true });
    expect(check(other)).toMatchObject({ needed: true, reason: 'no build yet' });
  });

  it('counts the build mode: unset is production, as Vite builds; VITE_ variables count', () => {
    const root = project();
    expect(inputsFingerprint(root, {})).toBe(inputsFingerprint(root, { NODE_ENV: 'production', HOME: '/x' }));
    expect(inputsFingerprint(root, {})).not.toBe(inputsFingerprint(root, { NODE_ENV: 'development' }));
    expect(inputsFingerprint(root, {})).not.toBe(inputsFingerprint(root, { VITE_API: 'x' }));
  });
});

describe('building only when needed', () => {
  /** A project whose `npm run build` writes a build, or fails. */
  function withBuildScript(root: string, ok: boolean) {
    const script = ok
      ? `node -e "const fs=require('fs');fs.mkdirSync('build/server',{recursive:true});fs.mkdirSync('build/client',{recursive:true});fs.writeFileSync('build/server/index.js','export {}');fs.appendFileSync('builds.txt','x')"`
      : `node -e "process.exit(3)"`;
    write(root, 'package.json', JSON.stringify({ name: 't', private: true, scripts: { build: script } }));
  }

  it('builds, records the build, and then does not build again', async () => {
    const root = project();
    withBuildScript(root, true);
    const first = await buildIfChanged({ root, show: false, env: {} });
    expect(first).toMatchObject({ built: true, reason: 'no build yet' });
    expect(existsSync(path.join(root, 'build', STAMP_FILE))).toBe(true);
    const second = await buildIfChanged({ root, show: false, env: {} });
    expect(second).toMatchObject({ built: false });
    expect(readFileSync(path.join(root, 'builds.txt'), 'utf8')).toBe('x');
  }, 60_000);

  it('records nothing when the build fails, so the next start builds again', async () => {
    const root = project({ built: true });
    withBuildScript(root, false); // package.json changed: a build is needed, and it fails
    await expect(buildIfChanged({ root, show: false, env: {} })).rejects.toThrow(/The build failed/);
    expect(existsSync(path.join(root, 'build', STAMP_FILE))).toBe(false);
    expect(check(root).needed).toBe(true);
  }, 60_000);
});

describe('the fingerprint covers everything the build reads', () => {
  const root = fileURLToPath(new URL('..', import.meta.url));

  /** Every project file reached by the app's imports (relative or `~/`), from each app module. */
  function reachedFromApp(): string[] {
    const seen = new Set<string>();
    const candidates = (base: string) => ['', '.ts', '.tsx', '.js', '/index.ts', '/index.tsx'].map((e) => base + e);
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      if (!/\.(tsx?|m?js)$/.test(file)) return;
      const source = readFileSync(file, 'utf8');
      for (const [, spec] of source.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
        const bare = spec!.replace(/\?.*$/, '');
        let base: string;
        if (bare.startsWith('~/')) base = path.join(root, 'app', bare.slice(2));
        else if (bare.startsWith('.')) base = path.resolve(path.dirname(file), bare);
        else continue; // a package: package-lock.json covers it
        const found = candidates(base).find((c) => existsSync(c) && !readdirSafe(c));
        expect(found, `${path.relative(root, file)} imports ${spec}`).toBeDefined();
        visit(found!);
      }
    };
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (!/\.test\.tsx?$/.test(entry.name)) visit(full);
      }
    };
    walk(path.join(root, 'app'));
    visit(path.join(root, 'vite.config.ts'));
    return [...seen].map((f) => path.relative(root, f).split(path.sep).join('/'));
  }

  it('includes every file the app imports, wherever it lies', () => {
    const inputs = new Set(buildInputs(root));
    const reached = reachedFromApp();
    expect(reached.length).toBeGreaterThan(100);
    expect(reached.filter((file) => !inputs.has(file))).toEqual([]);
    for (const file of reached)
      expect(INPUT_FOLDERS.some((f) => file.startsWith(`${f}/`)) || INPUT_FILES.includes(file)).toBe(true);
  });
});

function readdirSafe(p: string): boolean {
  try {
    readdirSync(p);
    return true;
  } catch {
    return false;
  }
}
