#!/usr/bin/env node
// Runs every bench/*.bench.ts with tsx, one after another, so their numbers do not compete
// for the CPU. `npm run bench` runs all; `npm run bench -- parse` runs the files whose name
// contains "parse". Exits non-zero when any bench fails.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => filters.length === 0 || filters.some((filter) => name.includes(filter)))
  .sort();

if (files.length === 0) {
  const available = readdirSync(dir).filter((name) => name.endsWith('.bench.ts'));
  console.error(`No bench matches ${JSON.stringify(filters)}. Available: ${available.join(', ') || 'none'}.`);
  process.exit(1);
}

const failed = [];
for (const file of files) {
  console.log(`\n=== ${file} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(dir, file)], { stdio: 'inherit', cwd: join(dir, '..') });
  if (result.status !== 0) {
    failed.push(`${file} (${result.signal ? `signal ${result.signal}` : `exit ${result.status}`})`);
  }
}

if (failed.length > 0) {
  console.error(`\n${failed.length} bench(es) failed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`\n${files.length} bench(es) done.`);
