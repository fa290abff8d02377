import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot, Text } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type PluggableList, type TransformCallback } from 'unified';
import { createMarkdownProcessor } from '../../../src/markdown/engine/createMarkdownProcessor';

/** Reference: the same plugins through unified, as react-markdown runs them. */
function viaUnified(source: string, remarkPlugins: PluggableList, rehypePlugins: PluggableList): HastRoot {
  const processor = unified().use(remarkParse).use(remarkPlugins).use(remarkRehype, { allowDangerousHtml: true }).use(rehypePlugins);
  return processor.runSync(processor.parse(source), source) as HastRoot;
}

/** Upper-cases every text node; a remark plugin with options. */
function remarkShout(options?: { suffix?: string }) {
  return (tree: MdastRoot) => {
    const walk = (node: { children?: unknown[] } & Partial<Text>) => {
      if (node.type === 'text' && typeof node.value === 'string') node.value = node.value.toUpperCase() + (options?.suffix ?? '');
      for (const child of node.children ?? []) walk(child as never);
    };
    walk(tree as never);
  };
}

/** A rehype plugin that replaces the tree (returns a new root). */
function rehypeWrap() {
  return (tree: HastRoot): HastRoot => ({
    type: 'root',
    children: [{ type: 'element', tagName: 'section', properties: { className: ['wrapped'] }, children: tree.children as never }],
  });
}

const sources = ['Some *text* and `code`.', '| a | b |\n|---|---|\n| 1 | ~~2~~ |', '- [x] done\n- [ ] todo\n\nwww.example.com', 'Raw <b>html</b>.\n\n<div>block</div>'];

describe('createMarkdownProcessor', () => {
  const cases: Array<[string, PluggableList, PluggableList]> = [
    ['no plugins', [], []],
    ['remark-gfm (syntax extensions through data())', [remarkGfm], []],
    ['a plugin with options and a tree-replacing rehype plugin', [[remarkShout, { suffix: '!' }]], [rehypeWrap]],
    ['a preset with plugins and settings', [{ plugins: [remarkGfm, remarkShout], settings: { bullet: '*' } } as PluggableList[number]], []],
    ['a plugin turned off with false', [remarkGfm, [remarkShout, false]], []],
  ];
  it.each(cases)('produces the same hast as unified for %s', (_name, remarkPlugins, rehypePlugins) => {
    const processor = createMarkdownProcessor(remarkPlugins, rehypePlugins);
    for (const source of sources) {
      expect(processor.run(source)).toEqual(viaUnified(source, remarkPlugins, rehypePlugins));
    }
  });

  it('attaches plugins once and runs their transformers on every run, in order', () => {
    const calls: string[] = [];
    const first = () => () => void calls.push('first');
    const second = () => () => void calls.push('second');
    const rehype = () => () => void calls.push('rehype');
    let attached = 0;
    const counting = function (this: { use(plugin: unknown): unknown }) {
      attached += 1;
      this.use(second);
      return () => void calls.push('counting');
    };
    const processor = createMarkdownProcessor([first, counting], [rehype]);
    processor.run('a');
    processor.run('b');
    expect(attached).toBe(1);
    expect(calls).toEqual(['first', 'second', 'counting', 'rehype', 'first', 'second', 'counting', 'rehype']);
  });

  it('gives transformers a file with the source and message(), and accepts callback-style transformers', () => {
    const seen: string[] = [];
    const reporting = () => (_tree: unknown, file: { value: unknown; message(reason: string): unknown; messages: unknown[] }) => {
      file.message('noted');
      seen.push(`${String(file.value)}:${file.messages.length}`);
    };
    const callback = () => (tree: MdastRoot, _file: unknown, next: TransformCallback<MdastRoot>) => {
      next(undefined, { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'replaced' }] }] });
      return undefined;
    };
    const hast = createMarkdownProcessor([reporting, callback], []).run('original');
    expect(seen).toEqual(['original:1']);
    expect(JSON.stringify(hast)).toContain('replaced');
    expect(JSON.stringify(hast)).not.toContain('original');
  });

  it('rejects async transformers, errors and non-plugins with a message naming what it got', () => {
    async function rehypeAsync() {}
    const asyncPlugin = () => rehypeAsync;
    expect(() => createMarkdownProcessor([], [asyncPlugin]).run('x')).toThrow(/rehypeAsync returned a promise.*synchronously/);
    const failing = () => () => new Error('plugin failed');
    expect(() => createMarkdownProcessor([failing], []).run('x')).toThrow('plugin failed');
    expect(() => createMarkdownProcessor(['remark-gfm' as never], [])).toThrow(/received string remark-gfm/);
  });
});
