'use client';
import { useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { GLOBAL_TIMERS } from '../../core/Timers';
import { highlightChunk } from '../engine/highlightChunk';
import { StreamingMarkdownContext } from './StreamingMarkdownContext';
import { defaultMarkdownLabels } from './markdownLabels';

/** Props of {@link CodeBlock}. */
export interface CodeBlockProps {
  /** The code, as text. One trailing newline is ignored. */
  code: string;
  /** The fence's info word (`ts`, `python`...). Unknown or missing: plain text. */
  language?: string;
  /** The fence is still open: show plain text, do not highlight yet. Default `false`. */
  streaming?: boolean;
  /** Rendered at the end of the plain text while streaming (the cursor). */
  cursor?: ReactNode;
  /** Extra class names. */
  className?: string;
}

/** How long the copy button says "Copied", in ms. */
const COPIED_MS = 2000;

/**
 * A fenced code block: plain monospace text while its fence is open, then highlighted by
 * shiki (the highlighter, shiki and each grammar loaded lazily; once per language and
 * content, off the token path). Plain and
 * highlighted text share one box (`.cw-code-body > pre`), so nothing shifts; once
 * highlighted, it never goes back to plain. A header shows the language and a copy
 * button.
 *
 * Classes `cw-code-block`, `cw-code-header`, `cw-code-language`, `cw-code-copy`,
 * `cw-code-body`; `data-state="streaming|plain|highlighted"`, `data-language`; the copy
 * button has `data-state="idle|copied"`.
 *
 * @example <CodeBlock code={'const a = 1;\n'} language="ts" />
 */
export function CodeBlock({ code, language, streaming = false, cursor, className }: CodeBlockProps) {
  const source = code.endsWith('\n') ? code.slice(0, -1) : code;
  const cacheable = !streaming && !!language;
  const [done, setDone] = useState<{ source: string; html: string } | null>(null);
  const html = cacheable
    ? done?.source === source
      ? done.html
      : highlightChunk.loaded()?.peekHighlight(source, language)
    : undefined;

  useEffect(() => {
    if (!cacheable || html !== undefined) return;
    let live = true;
    highlightChunk
      .load()
      .then((chunk) => chunk.highlightCode(source, language))
      .then(
        (result) => {
          if (live && result !== null) setDone({ source, html: result });
        },
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [cacheable, html, source, language]);

  const state = streaming ? 'streaming' : html !== undefined ? 'highlighted' : 'plain';
  const label = language?.trim() || undefined;
  const labels = useContext(StreamingMarkdownContext)?.labels ?? defaultMarkdownLabels;
  return (
    <div
      className={className ? `cw-code-block ${className}` : 'cw-code-block'}
      data-state={state}
      data-language={label}
    >
      <div className="cw-code-header">
        <span className="cw-code-language">{label ?? labels.plainText}</span>
        <CopyButton text={source} />
      </div>
      {html !== undefined ? (
        <div className="cw-code-body" dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        <div className="cw-code-body">
          {/* Focusable like shiki's highlighted <pre> (tabindex="0"): a long line scrolls, and the keyboard can scroll it. */}
          <pre className="cw-code-plain" tabIndex={0}>
            <code>
              {source}
              {streaming ? cursor : null}
            </code>
          </pre>
        </div>
      )}
    </div>
  );
}

function CopyButton({ text }: { text: string }) {
  // The timers of the StreamingMarkdown this block is in (its `timers` prop), else the global ones.
  const context = useContext(StreamingMarkdownContext);
  const timers = context?.timers ?? GLOBAL_TIMERS;
  const labels = context?.labels ?? defaultMarkdownLabels;
  const [copied, setCopied] = useState(false);
  const timer = useRef<{ handle: unknown; timers: typeof timers } | null>(null);
  useEffect(
    () => () => {
      if (timer.current) timer.current.timers.clearTimeout(timer.current.handle);
    },
    [],
  );
  const copy = (): void => {
    const clipboard = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
    if (!clipboard) return;
    void clipboard.writeText(text).then(() => {
      setCopied(true);
      if (timer.current) timer.current.timers.clearTimeout(timer.current.handle);
      timer.current = { handle: timers.setTimeout(() => setCopied(false), COPIED_MS), timers };
    });
  };
  return (
    <button
      type="button"
      className="cw-code-copy"
      data-state={copied ? 'copied' : 'idle'}
      aria-label={copied ? labels.copied : labels.copyCode}
      onClick={copy}
    >
      {copied ? labels.copied : labels.copy}
    </button>
  );
}
