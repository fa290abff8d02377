import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** What goes into the build and the tarball: a change to any of these makes a new tarball. */
const packInputs = ['src', 'scripts', 'package.json', 'vite.config.ts', 'tsconfig.json', 'tsconfig.build.json', 'README.md', 'LICENSE', 'docs'];

function hashInputs(): string {
  // 'production': tarballs of an older build (made with the test runner's NODE_ENV) are not reused.
  const hash = createHash('sha256').update('production\0');
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
    } else {
      hash.update(relative(repoRoot, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  for (const input of packInputs) visit(join(repoRoot, input));
  return hash.digest('hex').slice(0, 16);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * `npm pack` of a fresh build of the working tree (`npm run build` into a private directory,
 * then the `files` of package.json), as a user downloads it from the registry. Cached by the
 * content of the build's inputs under `node_modules/.cache/chatwire-pack`; concurrent callers
 * (test files running in parallel) wait for one build instead of racing on it.
 *
 * @returns the absolute path of the `.tgz`
 */
export function packTarball(): string {
  const cacheRoot = join(repoRoot, 'node_modules/.cache/chatwire-pack');
  const dir = join(cacheRoot, hashInputs());
  const tarball = join(dir, 'chatwire.tgz');
  const lock = `${dir}.lock`;
  mkdirSync(cacheRoot, { recursive: true });
  for (let waited = 0; !existsSync(tarball); waited += 250) {
    try {
      mkdirSync(lock);
    } catch {
      // Another process builds this tarball; wait for it (a stale lock older than 10 minutes is taken over).
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      if (waited > 900_000) throw new Error(`packTarball: waited 15 minutes for ${lock} to go away`);
      sleep(250);
      continue;
    }
    try {
      if (!existsSync(tarball)) {
        buildAndPack(dir, tarball);
        // Tarballs of older sources are not needed again after a day.
        for (const old of readdirSync(cacheRoot)) {
          const path = join(cacheRoot, old);
          if (path !== dir && !old.endsWith('.lock') && Date.now() - statSync(path).mtimeMs > 86_400_000) rmSync(path, { recursive: true, force: true });
        }
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return tarball;
}

function buildAndPack(dir: string, tarball: string): void {
  rmSync(dir, { recursive: true, force: true });
  const stage = join(dir, 'stage');
  mkdirSync(stage, { recursive: true });
  // The staged copy holds what `files` and npm's always-included files name, built by the package's own build script.
  // A production build whoever calls (the test runner sets NODE_ENV=test, which would ship React's dev JSX), as `npm pack` makes it.
  execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--out-dir', join(stage, 'dist')], {
    cwd: repoRoot,
    stdio: 'pipe',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { files?: string[] };
  for (const entry of ['package.json', 'README.md', 'LICENSE', ...(pkg.files ?? []).filter((file) => file !== 'dist')]) {
    if (existsSync(join(repoRoot, entry))) execFileSync('cp', ['-R', join(repoRoot, entry), join(stage, entry)]);
  }
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: stage, encoding: 'utf8' });
  const [{ filename }] = JSON.parse(out) as [{ filename: string }];
  renameSync(join(dir, filename), tarball);
  rmSync(stage, { recursive: true, force: true });
}

/** A throwaway app that has installed the tarball. */
export interface Consumer {
  /** The app's directory (its package.json, sources, and node_modules). */
  dir: string;
  /** The installed package, `<dir>/node_modules/chatwire`. */
  packageDir: string;
  /** Writes files relative to the app's directory. */
  write(files: Record<string, string>): void;
  remove(): void;
}

/**
 * A throwaway app with the tarball installed offline: `node_modules/chatwire` is the
 * tarball's content (what npm would unpack), every other package a link to the repository's
 * installed one, so resolution from the package's files finds its dependencies and peers as in
 * an app. Without network and without npm. `without` leaves packages out (`'ioredis'`,
 * `'@types/react'`), as in an app that did not install them.
 *
 * @example const app = createConsumer(packTarball(), { 'main.ts': "import { decodeChatStream } from 'chatwire/core';" });
 */
export function createConsumer(
  tarball: string,
  files: Record<string, string> = {},
  { name = 'consumer', without = [] }: { name?: string; without?: string[] } = {},
): Consumer {
  const dir = mkdtempSync(join(tmpdir(), `chatwire-${name}-`));
  const modules = join(dir, 'node_modules');
  mkdirSync(modules);
  execFileSync('tar', ['-xzf', tarball, '-C', modules]);
  const packageDir = join(modules, 'chatwire');
  renameSync(join(modules, 'package'), packageDir);
  const repoModules = join(repoRoot, 'node_modules');
  const link = (entry: string): void => {
    if (without.includes(entry)) return;
    if (entry.startsWith('@') && without.some((name) => name.startsWith(`${entry}/`))) {
      mkdirSync(join(modules, entry));
      for (const scoped of readdirSync(join(repoModules, entry))) link(`${entry}/${scoped}`);
    } else {
      symlinkSync(join(repoModules, entry), join(modules, entry), 'dir');
    }
  };
  for (const entry of readdirSync(repoModules)) {
    if (!entry.startsWith('.') && entry !== 'chatwire') link(entry);
  }
  const consumer: Consumer = {
    dir,
    packageDir,
    write(more) {
      for (const [path, content] of Object.entries(more)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
    },
    remove() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  consumer.write({ 'package.json': JSON.stringify({ name, private: true, type: 'module', dependencies: { chatwire: 'file:chatwire.tgz' } }, null, 2), ...files });
  return consumer;
}
