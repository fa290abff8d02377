import type { Root as HastRoot } from 'hast';
import type { Root as MdastRoot } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { toHast } from 'mdast-util-to-hast';
import { toError } from '../../core/messageOf';

/**
 * Remark or rehype plugins as unified takes them: plugins, `[plugin, ...options]` tuples and
 * presets (react-markdown's `PluggableList` is one). Checked when they are attached.
 */
export type PluginList = readonly unknown[];

/** Turns the markdown of one block into a hast tree, running the plugins given at creation. */
export interface MarkdownProcessor {
  run(source: string): HastRoot;
}

type Transformer = (tree: unknown, file: MarkdownFile, next: (error?: unknown, tree?: unknown) => void) => unknown;
type Attacher = (this: PluginHost, ...parameters: unknown[]) => Transformer | void;
interface Preset {
  plugins?: PluginList | null;
  settings?: Record<string, unknown> | null;
}
interface PluginHost {
  data(key?: string, value?: unknown): unknown;
  use(plugin: unknown, ...parameters: unknown[]): PluginHost;
}

/** What a transformer receives as its `file`: the part of unified's `VFile` render plugins use. */
export interface MarkdownFile {
  value: string;
  data: Record<string, unknown>;
  history: string[];
  messages: Error[];
  cwd: string;
  path: string | undefined;
  message(reason: unknown): Error;
  info(reason: unknown): Error;
  fail(reason: unknown): never;
}

/**
 * The unified pipeline react-markdown runs (remark-parse, remark plugins, remark-rehype
 * with raw HTML kept for display as text, rehype plugins), without unified and vfile
 * themselves: `mdast-util-from-markdown` and `mdast-util-to-hast` are called directly, and
 * plugins are attached as unified attaches them, once: called with a processor-like `this`
 * (`data()` as in unified, so syntax extensions such as remark-gfm's register; `use()`),
 * their parameters, and presets' `plugins` and `settings`. Transformers run in order on
 * every `run`, synchronously, with a file that has `value`, `data`, `messages`,
 * `message()`, `info()` and `fail()`. A transformer that returns a promise is an error
 * (blocks render synchronously); so is one that returns or passes an `Error`.
 *
 * @example createMarkdownProcessor([remarkGfmParse], []).run('| a |\n| - |')
 */
export function createMarkdownProcessor(remarkPlugins: PluginList, rehypePlugins: PluginList): MarkdownProcessor {
  const data: Record<string, unknown> = {};
  let transformers: Transformer[] = [];
  const host: PluginHost = {
    data(key, value) {
      if (key === undefined) return data;
      if (arguments.length < 2) return data[key];
      data[key] = value;
      return host;
    },
    use(plugin, ...parameters) {
      add(plugin, parameters);
      return host;
    },
  };
  // As unified's `use`: a function is a plugin, an array a list whose array entries are
  // `[plugin, ...parameters]` tuples, an object a preset.
  function add(plugin: unknown, parameters: unknown[]): void {
    if (typeof plugin === 'function') {
      // unified: `[plugin, false]` turns a plugin off; `true` means no options.
      if (parameters[0] === false) return;
      const transformer = (plugin as Attacher).apply(host, parameters[0] === true ? parameters.slice(1) : parameters);
      if (typeof transformer === 'function') transformers.push(transformer);
    } else if (Array.isArray(plugin)) {
      for (const entry of plugin) {
        if (Array.isArray(entry)) add(entry[0], entry.slice(1));
        else add(entry, []);
      }
    } else if (plugin && typeof plugin === 'object') {
      const preset = plugin as Preset;
      if (preset.settings) data.settings = { ...(data.settings as object | undefined), ...preset.settings };
      add(preset.plugins ?? [], []);
    } else if (plugin !== null && plugin !== undefined) {
      throw new TypeError(`chatwire: expected a markdown plugin, a [plugin, options] pair or a preset; received ${typeof plugin} ${String(plugin)}`);
    }
  }
  add(remarkPlugins, []);
  const remark = transformers;
  transformers = [];
  add(rehypePlugins, []);
  const rehype = transformers;

  return {
    run(source) {
      const file = createFile(source);
      const mdast = runAll(
        remark,
        fromMarkdown(source, {
          ...(data.settings as object | undefined),
          extensions: (data.micromarkExtensions as never) ?? [],
          mdastExtensions: (data.fromMarkdownExtensions as never) ?? [],
        }),
        file,
      ) as MdastRoot;
      return runAll(rehype, toHast(mdast, { allowDangerousHtml: true }), file) as HastRoot;
    },
  };
}

function runAll(transformers: readonly Transformer[], tree: unknown, file: MarkdownFile): unknown {
  for (const transformer of transformers) {
    let passed: { error: unknown; tree: unknown } | undefined;
    const result = transformer(tree, file, (error, next) => {
      passed = { error, tree: next };
    });
    if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
      throw new Error(
        `chatwire: the markdown plugin ${transformer.name || '(anonymous)'} returned a promise; StreamingMarkdown renders each block synchronously, so plugins must transform synchronously`,
      );
    }
    const error = result instanceof Error ? result : passed?.error;
    if (error) throw error;
    tree = (result as object | undefined) ?? passed?.tree ?? tree;
  }
  return tree;
}

function createFile(value: string): MarkdownFile {
  const file: MarkdownFile = {
    value,
    data: {},
    history: [],
    messages: [],
    cwd: '/',
    path: undefined,
    message(reason) {
      const message = toError(reason);
      file.messages.push(message);
      return message;
    },
    info(reason) {
      return file.message(reason);
    },
    fail(reason) {
      throw file.message(reason);
    },
  };
  return file;
}
