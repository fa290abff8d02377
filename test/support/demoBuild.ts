import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDemo } from '../../demo/build';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Where the e2e tests keep their builds of the demo page, one folder per inputs hash. */
export const e2eDemoCache = join(repoRoot, 'node_modules', '.cache', 'chatwire-e2e');

/** Builds older than this are removed when a new one is made. */
const keepMs = 60 * 60 * 1000;

const stampName = '.chatwire-build-stamp';

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

/** A hash of everything the built page depends on: demo/, src/ and the lock file. */
async function inputsHash(): Promise<string> {
  const files = [
    ...(await listFiles(join(repoRoot, 'demo'))),
    ...(await listFiles(join(repoRoot, 'src'))),
    join(repoRoot, 'package-lock.json'),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(relative(repoRoot, file));
    hash.update('\0');
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * Builds the demo page once per change of its inputs and returns the folder to serve.
 * The first e2e file of a run builds (a few seconds); the others find the stamped folder of
 * the same inputs hash and reuse it. Each hash has its own folder, written to a temporary
 * name and renamed into place, so a run never serves a half-written build and concurrent
 * runs on different sources never replace each other's files.
 */
export async function ensureDemoBuilt(): Promise<string> {
  const hash = await inputsHash();
  const dir = join(e2eDemoCache, `demo-${hash.slice(0, 16)}`);
  const stampPath = join(dir, stampName);
  if (existsSync(stampPath) && (await readFile(stampPath, 'utf8')) === hash) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  await mkdir(tmp, { recursive: true });
  await buildDemo({ outDir: tmp, logLevel: 'error' });
  await writeFile(join(tmp, stampName), hash);
  await rm(dir, { recursive: true, force: true });
  try {
    await rename(tmp, dir);
  } catch (error) {
    // Another run renamed the same build into place first: use theirs.
    await rm(tmp, { recursive: true, force: true });
    if (!existsSync(stampPath)) throw error;
  }
  await removeOldBuilds(dir);
  return dir;
}

async function removeOldBuilds(keep: string): Promise<void> {
  for (const name of await readdir(e2eDemoCache)) {
    const path = join(e2eDemoCache, name);
    if (path === keep || !name.startsWith('demo-')) continue;
    const age = Date.now() - (await stat(path)).mtimeMs;
    if (age > keepMs) await rm(path, { recursive: true, force: true });
  }
}
