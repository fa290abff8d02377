import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { packTarball, repoRoot } from '../../support/packedPackage';

/**
 * The packed tarball through the two linters of what a package publishes, offline: publint
 * (package.json fields against the files) in strict mode, and Are The Types Wrong (how each
 * `exports` subpath resolves, types and JavaScript, per module resolution). chatwire is
 * ESM-only, so attw checks the ESM resolutions (`--profile esm-only`: node16 from ESM and
 * bundler); the stylesheet subpath has no types to check.
 */
const run = promisify(execFile);
let tarball = '';

beforeAll(() => {
  tarball = packTarball();
}, 600_000);

async function lint(bin: string, args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(repoRoot, 'node_modules', bin), ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code?: number; stdout?: string; stderr?: string };
    return { code: code ?? 1, output: `${stdout ?? ''}${stderr ?? ''}` };
  }
}

describe.concurrent('linters on the packed tarball', () => {
  it('publint --strict finds nothing', async () => {
    const result = await lint('publint/src/cli.js', ['run', tarball, '--strict']);
    expect(result.output).toMatch(/All good!/);
    expect(result.code, result.output).toBe(0);
  }, 120_000);

  it('@arethetypeswrong/cli finds no problem in the ESM resolutions', async () => {
    const result = await lint('@arethetypeswrong/cli/dist/index.js', [tarball, '--profile', 'esm-only', '--exclude-entrypoints', 'styles.css', '--format', 'json']);
    expect(result.code, result.output).toBe(0);
    const report = JSON.parse(result.output) as { analysis: { problems: Array<{ kind: string; resolutionKind?: string; entrypoint?: string }> } };
    const esmProblems = report.analysis.problems.filter((p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs');
    expect(esmProblems).toEqual([]);
  }, 120_000);
});
