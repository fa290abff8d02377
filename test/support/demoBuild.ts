import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDemo } from '../../demo/build';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Where the e2e tests keep their build of the demo page (outside the tree users serve). */
export const e2eDemoDir = join(repoRoot, 'node_modules', '.cache', 'chatwire-e2e', 'demo');

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
 * The first e2e file of a run builds (about 10-30 s); the others find the stamp and reuse
 * it. The build goes to a temporary folder that is renamed into place, so a half-written
 * build is never served.
 */
export async function ensureDemoBuilt(): Promise<string> {
  const hash = await inputsHash();
  const stampPath = join(e2eDemoDir, stampName);
  if (existsSync(stampPath) && (await readFile(stampPath, 'utf8')) === hash) return e2eDemoDir;
  const tmp = `${e2eDemoDir}.tmp-${process.pid}`;
  await mkdir(tmp, { recursive: true });
  await buildDemo({ outDir: tmp, logLevel: 'error' });
  await writeFile(join(tmp, stampName), hash);
  await rm(e2eDemoDir, { recursive: true, force: true });
  await rename(tmp, e2eDemoDir);
  return e2eDemoDir;
}
