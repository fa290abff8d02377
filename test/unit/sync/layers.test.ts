/**
 * The session, multi-tab sync and the chat store depend one way: sync builds on the
 * session's controller, the store puts both together. The session imports nothing from
 * sync or the store (no type, no lazy import), and sync nothing from the store.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const core = fileURLToPath(new URL('../../../src/core/', import.meta.url));

/** Every module specifier a file imports or re-exports, statically or with `import()`. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/g)) found.push(m[1] as string);
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(m[1] as string);
  return found;
}

/** The rooms of src/core that files under `room` import from, as `file -> room/...`. */
function importsFrom(room: string, forbidden: string[]): string[] {
  const dir = join(core, room);
  const hits: string[] = [];
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    if (!/\.tsx?$/.test(name)) continue;
    const file = join(dir, name);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = relative(core, resolve(dirname(file), spec));
      if (forbidden.some((f) => target === f || target.startsWith(`${f}/`))) hits.push(`${relative(core, file)} -> ${target}`);
    }
  }
  return hits;
}

describe('core rooms depend one way: session <- sync <- store', () => {
  it('the specifier reader sees static, type-only, re-exported and lazy imports', () => {
    const source = [
      "import type { A } from '../sync/A';",
      "import {\n  B,\n  C,\n} from './B';",
      "export { D } from '../store/D';",
      "const lazy = () => import('../sync/withTabSync');",
    ].join('\n');
    expect(specifiers(source)).toEqual(['../sync/A', './B', '../store/D', '../sync/withTabSync']);
  });

  it('src/core/session imports nothing from sync or the store', () => {
    expect(importsFrom('session', ['sync', 'store'])).toEqual([]);
  });

  it('src/core/sync imports nothing from the store', () => {
    expect(importsFrom('sync', ['store'])).toEqual([]);
  });
});
