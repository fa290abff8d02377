'use client';
import { useEffect, useState, type ReactNode } from 'react';
import type { MarkdownLabels } from './markdownLabels';

/** What chatwire calls on the mermaid module (mermaid 10 or 11): `initialize` and `render`. */
export interface MermaidLike {
  initialize(config: Record<string, unknown>): void;
  render(id: string, text: string): Promise<{ svg: string }>;
}

/** Loads mermaid, e.g. `() => import('mermaid')`: mermaid is an optional peer dependency the app installs and passes in. */
export type LoadMermaid = () => Promise<MermaidLike | { default: MermaidLike }>;

/** Props of {@link MermaidDiagram}. */
export interface MermaidDiagramProps {
  /** The diagram's source (a finished ```` ```mermaid ```` block). */
  code: string;
  load: LoadMermaid;
  /** The code block, shown until the diagram is ready and, with a note, if it fails. */
  fallback: ReactNode;
  /** The diagram's accessible name and the note of one that failed. */
  labels: Pick<MarkdownLabels, 'diagram' | 'diagramFailed'>;
}

const CACHE_LIMIT = 50;
const cache = new Map<string, string>();
const engines = new WeakMap<LoadMermaid, Promise<MermaidLike>>();
let count = 0;
let queue: Promise<unknown> = Promise.resolve();

function engine(load: LoadMermaid): Promise<MermaidLike> {
  let found = engines.get(load);
  if (!found) {
    found = load().then((module) => {
      const mermaid = 'default' in module ? module.default : module;
      // strict: no HTML labels, no click handlers or links to scripts; mermaid sanitizes the SVG.
      mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
      return mermaid;
    });
    engines.set(load, found);
  }
  return found;
}

/** The SVG of a diagram, rendered one at a time (mermaid renders through the document) and cached (50). */
function renderDiagram(code: string, load: LoadMermaid): Promise<string> {
  const hit = cache.get(code);
  if (hit !== undefined) return Promise.resolve(hit);
  const result = queue.then(async () => {
    const { svg } = await (await engine(load)).render(`cw-mermaid-${(count += 1)}`, code);
    cache.set(code, svg);
    if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    return svg;
  });
  queue = result.catch(() => undefined);
  return result;
}

/**
 * A finished ```` ```mermaid ```` block as a diagram (loaded with the app's mermaid, lazily;
 * this component is a chunk of its own). Until the SVG is ready the code block stays in
 * place (`data-state="rendering"`); then the diagram replaces it in one step
 * (`data-state="rendered"`, `role="img"`): the block's height changes once, from the code's
 * to the diagram's. A diagram mermaid rejects keeps the code block, with a note saying why
 * (`data-state="error"`, the `diagramFailed` label). mermaid runs with `securityLevel: 'strict'`; its SVG, sanitized by
 * mermaid, is injected as is.
 */
export function MermaidDiagram({ code, load, fallback, labels }: MermaidDiagramProps) {
  const [done, setDone] = useState<{ code: string; svg?: string; error?: string } | null>(null);
  const svg = done?.code === code ? done.svg : cache.get(code);
  const error = done?.code === code ? done.error : undefined;
  useEffect(() => {
    if (svg !== undefined) return;
    let live = true;
    renderDiagram(code, load).then(
      (result) => live && setDone({ code, svg: result }),
      (cause: unknown) => live && setDone({ code, error: cause instanceof Error ? cause.message : String(cause) }),
    );
    return () => {
      live = false;
    };
  }, [code, load, svg]);
  if (svg !== undefined) {
    return <div className="cw-mermaid" data-state="rendered" role="img" aria-label={labels.diagram} dangerouslySetInnerHTML={{ __html: svg }} />;
  }
  return (
    <div className="cw-mermaid" data-state={error === undefined ? 'rendering' : 'error'}>
      {fallback}
      {error !== undefined && (
        <p className="cw-mermaid-error" role="note">
          {labels.diagramFailed(error)}
        </p>
      )}
    </div>
  );
}

export default MermaidDiagram;
