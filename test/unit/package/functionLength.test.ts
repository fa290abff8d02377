import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { repoRoot as root } from '../../support/packedPackage';

/** Longest function (in lines, signature to closing brace) that needs no reason beside it. */
const MAX_LINES = 80;
/** The whole source is held to the rule; a longer function carries a `// Over 80 lines: <reason>` comment. */
const ROOMS = ['src'];
const REASON = /Over 80 lines: \S/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** The statement a function is declared by (its comments sit there): `function f`, `const f = () =>`, `export const X = forwardRef(function X`. */
function declaringStatement(node: ts.Node): ts.Node {
  let current: ts.Node = node;
  while (current.parent && !ts.isSourceFile(current.parent) && !ts.isBlock(current.parent) && !ts.isClassLike(current.parent)) {
    if (ts.isStatement(current) || ts.isClassElement(current)) return current;
    current = current.parent;
  }
  return current;
}

/** `file:line name (N lines)` for each function over the limit without a written reason. */
function unexplainedLongFunctions(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const statement = declaringStatement(node);
      const comments = ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? [];
      const explained = comments.some((range) => REASON.test(text.slice(range.pos, range.end)));
      if (last - first + 1 > MAX_LINES && !explained) {
        const name = node.name?.getText(source) ?? statement.getText(source).split('\n')[0]?.slice(0, 60);
        found.push(`${relative(root, file)}:${first + 1} ${name} (${last - first + 1} lines)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('function length', () => {
  it(`no function in ${ROOMS.join(', ')} is over ${MAX_LINES} lines without a reason written beside it`, () => {
    const files = ROOMS.flatMap((room) => sourceFiles(join(root, room)));
    expect(files.length).toBeGreaterThan(200);
    expect(files.flatMap(unexplainedLongFunctions)).toEqual([]);
  });

  it('finds a long function, and accepts it with a reason', () => {
    const body = Array.from({ length: MAX_LINES }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const dir = join(root, 'node_modules/.cache/chatwire-function-length');
    const write = (name: string, code: string): string => {
      const path = join(dir, name);
      ts.sys.writeFile(path, code);
      return path;
    };
    const long = write('long.ts', `export function long(): void {\n${body}\n}\n`);
    const arrow = write('arrow.tsx', `export const Long = forwardRef(function Long() {\n${body}\n  return null;\n});\n`);
    const explained = write('explained.ts', `// Over 80 lines: a table of constants.\nexport function long(): void {\n${body}\n}\n`);
    expect(unexplainedLongFunctions(long)).toEqual([expect.stringMatching(/long\.ts:1 long \(82 lines\)$/)]);
    expect(unexplainedLongFunctions(arrow)).toHaveLength(1);
    expect(unexplainedLongFunctions(explained)).toEqual([]);
  });
});
