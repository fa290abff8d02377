/**
 * Install footprint per use: what `npm install` puts in node_modules for each kind of app,
 * with chatwire from the packed tarball (test/support/packedPackage.ts) and everything else
 * from the npm registry (this bench needs the network; npm test never does). Each use gets a
 * fresh directory and `npm install --no-audit --no-fund --ignore-scripts`:
 *   widget app    chatwire + react + react-dom (what a React app has); the hooks-only app
 *                 installs the same (one package), and "added by chatwire" subtracts a React
 *                 app's own react + react-dom
 *   core-only     chatwire alone (a script or worker using chatwire/core)
 *   server-only   chatwire alone (chatwire/server; ioredis is an optional peer, added for Redis)
 * Packages are counted by package.json at each node_modules/<name> (nested too); size is the
 * sum of file sizes (1 MB = 1,000,000 bytes). Then the widget app is rendered on the server with
 * React 19 and with React 18 (react-dom/server renderToString of <ChatWidget />), to show both
 * peers work from a plain install. Also prints the largest packages of the chatwire-only
 * install (each package's own files).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packTarball } from '../test/support/packedPackage';

interface Footprint {
  packages: number;
  bytes: number;
}

function footprint(modules: string): Footprint {
  let packages = 0;
  let bytes = 0;
  const walk = (dir: string, isModulesDir: boolean): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of entries) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      if (stat.isSymbolicLink()) continue;
      if (stat.isDirectory()) {
        if (isModulesDir && !name.startsWith('.') && !name.startsWith('@')) packages += 1;
        if (isModulesDir && name.startsWith('@')) {
          for (const scoped of readdirSync(path)) {
            packages += 1;
            walk(join(path, scoped), false);
          }
          continue;
        }
        walk(path, name === 'node_modules');
      } else bytes += stat.size;
    }
  };
  walk(modules, true);
  return { packages, bytes };
}

function install(name: string, tarball: string, dependencies: Record<string, string>): { dir: string; footprint: Footprint; badEngine: string[] } {
  const dir = mkdtempSync(join(tmpdir(), `chatwire-install-${name}-`));
  if (dependencies.chatwire) {
    copyFileSync(tarball, join(dir, 'chatwire.tgz'));
    dependencies = { ...dependencies, chatwire: 'file:chatwire.tgz' };
  }
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `install-${name}`, private: true, type: 'module', dependencies }));
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=warn'], { cwd: dir, encoding: 'utf8' });
  if (npm.status !== 0) throw new Error(`npm install (${name}) exited with ${String(npm.status)}: ${npm.stderr.slice(-2000)}`);
  // What a user on this Node sees: a package whose engines leave it out (npm warns EBADENGINE).
  const badEngine = npm.stderr.split('\n').filter((line) => line.includes('EBADENGINE') && line.includes("package: '"));
  return { dir, footprint: footprint(join(dir, 'node_modules')), badEngine };
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const tarball = packTarball();
const dirs: string[] = [];
try {
  const react = install('react', tarball, { react: '^19', 'react-dom': '^19' });
  const widget = install('widget', tarball, { chatwire: '*', react: '^19', 'react-dom': '^19' });
  const core = install('core', tarball, { chatwire: '*' });
  const react18 = install('react18', tarball, { chatwire: '*', react: '^18', 'react-dom': '^18' });
  dirs.push(react.dir, widget.dir, core.dir, react18.dir);

  const row = (use: string, what: string, f: Footprint, base?: Footprint) => ({
    use,
    installs: what,
    packages: f.packages,
    size: mb(f.bytes),
    'added by chatwire': base ? `${f.packages - base.packages} packages, ${mb(f.bytes - base.bytes)}` : `${f.packages} packages, ${mb(f.bytes)}`,
  });
  console.log('Install footprint from the registry, chatwire from the packed tarball:');
  console.table([
    row('widget app (ChatWidget)', 'chatwire react react-dom', widget.footprint, react.footprint),
    row('hooks-only app', 'chatwire react react-dom (same install)', widget.footprint, react.footprint),
    row('core-only (chatwire/core)', 'chatwire', core.footprint),
    row('server-only (chatwire/server)', 'chatwire', core.footprint),
  ]);
  // The largest packages of the chatwire-only install (each package's own files, nested node_modules apart).
  const sizes = new Map<string, number>();
  const packageSizes = (modules: string): void => {
    for (const name of readdirSync(modules)) {
      if (name.startsWith('.')) continue;
      const names = name.startsWith('@') ? readdirSync(join(modules, name)).map((scoped) => `${name}/${scoped}`) : [name];
      for (const pkg of names) {
        const dir = join(modules, pkg);
        const own = footprint(dir).bytes - footprint(join(dir, 'node_modules')).bytes;
        sizes.set(pkg, (sizes.get(pkg) ?? 0) + own);
        try {
          packageSizes(join(dir, 'node_modules'));
        } catch {
          // no nested node_modules
        }
      }
    }
  };
  packageSizes(join(core.dir, 'node_modules'));
  const largest = [...sizes.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
  console.log(`largest packages of the chatwire-only install: ${largest.map(([name, bytes]) => `${name} ${mb(bytes)}`).join(', ')}`);
  // What math (KaTeX, a regular dependency for the widget) adds to every install: katex and its dependencies.
  const katexPackage = JSON.parse(readFileSync(join(core.dir, 'node_modules/katex/package.json'), 'utf8')) as { version: string; dependencies?: Record<string, string> };
  const katexParts = ['katex', ...Object.keys(katexPackage.dependencies ?? {})];
  const katexBytes = katexParts.reduce((sum, name) => sum + (sizes.get(name) ?? 0), 0);
  console.log(`katex ${katexPackage.version} adds ${katexParts.length} packages (${katexParts.join(', ')}), ${mb(katexBytes)}, to every install`);
  const hasReact = (dir: string) => readdirSync(join(dir, 'node_modules')).filter((name) => name === 'react' || name === 'react-dom');
  console.log(`core/server install contains ${hasReact(core.dir).join(', ') || 'no react or react-dom'}`);
  const badEngine = [...new Set([widget, core, react18].flatMap((i) => i.badEngine))];
  console.log(`EBADENGINE warnings on Node ${process.versions.node}: ${badEngine.length === 0 ? 'none: PASS' : `${badEngine.length}: FAIL\n  ${badEngine.join('\n  ')}`}`);
  if (badEngine.length > 0) process.exitCode = 1;

  const renders: Array<{ react: string; result: string }> = [];
  for (const [label, dir] of [
    ['19', widget.dir],
    ['18', react18.dir],
  ] as const) {
    const script = [
      "import { createElement } from 'react';",
      "import { renderToString } from 'react-dom/server';",
      "import { version } from 'react';",
      "import { ChatWidget } from 'chatwire';",
      "const html = renderToString(createElement(ChatWidget, { endpoint: '/api/chat', placeholder: 'Ask' }));",
      "console.log(JSON.stringify({ version, ok: html.includes('Ask') && html.includes('<form') }));",
    ].join('\n');
    writeFileSync(join(dir, 'render.mjs'), script);
    try {
      const out = JSON.parse(execFileSync(process.execPath, ['render.mjs'], { cwd: dir, encoding: 'utf8' })) as { version: string; ok: boolean };
      renders.push({ react: `${label} (${out.version})`, result: out.ok ? 'renders ChatWidget: PASS' : 'rendered without the composer: FAIL' });
    } catch (error) {
      renders.push({ react: label, result: `FAIL: ${String(error).slice(0, 200)}` });
    }
  }
  console.table(renders);
  if (process.env.BENCH_STRICT === '1' && renders.some((r) => !r.result.includes('PASS'))) process.exitCode = 1;
} finally {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
