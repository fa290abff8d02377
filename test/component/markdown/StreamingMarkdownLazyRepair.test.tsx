import { act, render } from '@testing-library/react';
import { StreamingMarkdown, type StreamingMarkdownProps } from '../../../src/markdown/react/StreamingMarkdown';
import { loadTailRepair } from '../../../src/markdown/engine/loadTailRepair';
import { manualFrames } from './manualFrames';
import { manualTimers } from './manualTimers';

/** The test decides when the remend chunk "arrives". */
const chunk = vi.hoisted(() => {
  let open = (): void => undefined;
  const arrived = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { arrived, open: () => open(), requested: 0 };
});

vi.mock('remend', async (importOriginal) => {
  chunk.requested += 1;
  await chunk.arrived;
  return importOriginal();
});

const parsed: string[] = [];
const countParses = () => (_tree: unknown, file: { value: unknown }) => {
  parsed.push(String(file.value));
};
const plugins = [countParses];

describe('StreamingMarkdown loads the remend repair lazily', () => {
  it('holds **bol back until the chunk loads, then re-renders only the tail with bol in bold', async () => {
    const frames = manualFrames();
    const clock = manualTimers();
    const props: StreamingMarkdownProps = { streaming: true, requestFrame: frames.requestFrame, timers: clock.timers, remarkPlugins: plugins };
    const text = 'A finished paragraph.\n\nSome **bol';
    const screen = render(<StreamingMarkdown {...props}>{text}</StreamingMarkdown>);
    clock.run(); // the stall timer releases the partial word `bol`
    const root = screen.container;
    await vi.waitFor(() => expect(chunk.requested).toBe(1));
    expect(root).toHaveTextContent(/^A finished paragraph\.\s*Some$/);
    expect(root.textContent).not.toContain('*');
    expect(root.querySelector('strong')).toBeNull();

    const parsesBefore = parsed.length;
    chunk.open();
    await act(async () => {
      await loadTailRepair();
    });
    expect(root.querySelector('strong')).toHaveTextContent(/^bol$/);
    expect(root).toHaveTextContent(/^A finished paragraph\.\s*Some bol$/);
    expect(root.textContent).not.toContain('*');
    expect(parsed.slice(parsesBefore)).toEqual(['Some **bol**']);
    expect(frames.pending).toBeLessThanOrEqual(1);
  });

  it('repairs from the first render once the chunk is there, without loading it again', () => {
    const clock = manualTimers();
    const screen = render(
      <StreamingMarkdown streaming timers={clock.timers} requestFrame={null}>
        {'More ~~str'}
      </StreamingMarkdown>,
    );
    clock.run();
    expect(screen.container.querySelector('del')).toHaveTextContent(/^str$/);
    expect(chunk.requested).toBe(1);
  });
});
