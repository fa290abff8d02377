import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';

/**
 * What `npm install chatwire` brings must run on every Node the package says it runs on:
 * a dependency (or a dependency's dependency) whose `engines.node` leaves out the lowest
 * Node of chatwire's own `engines` makes npm warn on every install there (EBADENGINE) and
 * fails the install under `engine-strict`. Checked on the lockfile: every package that is
 * not a dev dependency.
 */
describe('the installed dependencies', () => {
  const root = join(__dirname, '../../..');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string }; dependencies: Record<string, string> };
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; engines?: { node?: string } | string[]; version?: string }>;
  };
  const lowest = semver.minVersion(pkg.engines.node)?.version;

  it("accept the lowest Node of chatwire's engines, so installs there print no EBADENGINE", () => {
    expect(lowest).toBe('20.19.0');
    const runtime = Object.entries(lock.packages).filter(([path, entry]) => path !== '' && entry.dev !== true);
    // Non-vacuous: the runtime dependencies and what they bring are all looked at.
    for (const name of Object.keys(pkg.dependencies)) expect(runtime.map(([path]) => path)).toContain(`node_modules/${name}`);
    const refused = runtime.flatMap(([path, entry]) => {
      const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
      return range !== undefined && !semver.satisfies(lowest as string, range) ? [`${path}@${entry.version ?? '?'} wants node ${range}`] : [];
    });
    expect(refused).toEqual([]);
  });
});
