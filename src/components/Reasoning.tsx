'use client';
import { forwardRef, useEffect, useId, useRef, useState, type HTMLAttributes } from 'react';
import { cx } from './cx';
import { partLabels } from './labels';
import { useLabelsOver } from './useLabelsOver';

/** Props of {@link Reasoning}. */
export interface ReasoningProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** The model's visible thinking, as streamed so far. */
  text: string;
  /** Whether thinking is still streaming. While it streams the panel is open. Default `false`. */
  streaming?: boolean;
  /** Controlled open state. */
  open?: boolean;
  /** Initial open state when uncontrolled. Default: open while streaming, closed otherwise. */
  defaultOpen?: boolean;
  /** Called when the user toggles the panel (and when it closes itself after streaming). */
  onOpenChange?: (open: boolean) => void;
  /** Toggle label. Default: the `thinking` label (`"Thinking"`) while streaming, `thoughtProcess` (`"Thought process"`) after. */
  label?: string;
}

/**
 * The model's thinking, collapsible. Open while it streams; when streaming ends it closes
 * itself unless the user toggled it meanwhile. Works controlled (`open` + `onOpenChange`)
 * and uncontrolled (`defaultOpen`).
 *
 * State: `data-state="open|closed"`, `data-streaming="true"` while streaming.
 *
 * @example <Reasoning text={part.text} streaming={live} />
 */
export const Reasoning = forwardRef<HTMLDivElement, ReasoningProps>(function Reasoning(
  { text, streaming = false, open: openProp, defaultOpen, onOpenChange, label, className, ...rest },
  ref,
) {
  const id = useId();
  const labels = useLabelsOver(partLabels);
  const [openState, setOpenState] = useState(defaultOpen ?? streaming);
  const touched = useRef(false);
  const wasStreaming = useRef(streaming);
  const open = openProp ?? openState;

  useEffect(() => {
    if (wasStreaming.current === streaming) return;
    wasStreaming.current = streaming;
    if (touched.current) return;
    setOpenState(streaming);
    onOpenChange?.(streaming);
    // Only the streaming edge matters here, not a new onOpenChange identity.
  }, [streaming]);

  const toggle = (): void => {
    touched.current = true;
    setOpenState(!open);
    onOpenChange?.(!open);
  };

  return (
    <div
      ref={ref}
      {...rest}
      className={cx('cw-reasoning', className)}
      data-state={open ? 'open' : 'closed'}
      data-streaming={streaming ? 'true' : undefined}
    >
      <button
        type="button"
        className="cw-reasoning-toggle"
        aria-expanded={open}
        aria-controls={`${id}-body`}
        onClick={toggle}
      >
        {label ?? (streaming ? labels.thinking : labels.thoughtProcess)}
      </button>
      <div className="cw-reasoning-body" id={`${id}-body`} hidden={!open}>
        {text}
      </div>
    </div>
  );
});
