import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CodeBlock } from '../../../src/markdown/react/CodeBlock';
import { StreamingMarkdown } from '../../../src/markdown/react/StreamingMarkdown';
import { manualTimers } from './manualTimers';

const open = 'Here:\n\n```ts\nconst answer: number = 42;\nfunction f() {';
const closed = `${open}\n  return answer;\n}\n\`\`\`\n`;

describe('CodeBlock in StreamingMarkdown', () => {
  it('streams plain text while the fence is open, highlights once it closes, never flashes back', async () => {
    const view = render(<StreamingMarkdown streaming>{open}</StreamingMarkdown>);
    const block = () => view.container.querySelector('.cw-code-block');
    expect(block()).toHaveAttribute('data-state', 'streaming');
    expect(block()).toHaveAttribute('data-language', 'ts');
    expect(block()?.querySelector('pre.cw-code-plain')).toHaveTextContent('const answer: number = 42;');
    expect(block()?.querySelector('.shiki')).toBeNull();
    // A long line scrolls the code sideways: plain and highlighted code are focusable, so the keyboard can scroll it.
    expect(block()?.querySelector('pre.cw-code-plain')).toHaveAttribute('tabindex', '0');

    view.rerender(<StreamingMarkdown streaming>{closed}</StreamingMarkdown>);
    await waitFor(() => expect(block()).toHaveAttribute('data-state', 'highlighted'), { timeout: 15_000 });
    const shiki = block()?.querySelector('pre.shiki');
    expect(shiki).not.toBeNull();
    expect(shiki).toHaveAttribute('tabindex', '0');
    expect(shiki?.querySelectorAll('span.line')).toHaveLength(4);
    expect(shiki).toHaveTextContent('return answer;');

    for (const more of ['After ', 'After the ', 'After the code. ']) {
      view.rerender(<StreamingMarkdown streaming>{`${closed}\n${more}`}</StreamingMarkdown>);
      expect(block()).toHaveAttribute('data-state', 'highlighted');
    }
    view.rerender(<StreamingMarkdown>{`${closed}\nAfter the code.`}</StreamingMarkdown>);
    expect(block()).toHaveAttribute('data-state', 'highlighted');
  }, 30_000);

  it('shows highlighted code at once when the same block mounts again (cache)', async () => {
    const code = 'let x = 1;\n';
    const first = render(<CodeBlock code={code} language="js" />);
    await waitFor(() => expect(first.container.firstChild).toHaveAttribute('data-state', 'highlighted'), { timeout: 15_000 });
    first.unmount();
    const again = render(<CodeBlock code={code} language="js" />);
    expect(again.container.firstChild).toHaveAttribute('data-state', 'highlighted');
  }, 30_000);

  it('keeps unknown languages and missing languages plain', async () => {
    const view = render(<StreamingMarkdown>{'```klingon\nqapla\n```\n\n```\nplain\n```'}</StreamingMarkdown>);
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    const blocks = view.container.querySelectorAll('.cw-code-block');
    expect(blocks).toHaveLength(2);
    for (const block of blocks) expect(block).toHaveAttribute('data-state', 'plain');
    expect(blocks[0]?.querySelector('.cw-code-language')).toHaveTextContent('klingon');
    expect(view.container.querySelector('.shiki')).toBeNull();
  });

  it('copies the code and says so', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    const user = userEvent.setup();
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    render(<CodeBlock code={'echo hi\n'} language="sh" streaming />);
    await user.click(screen.getByRole('button', { name: 'Copy code' }));
    expect(writeText).toHaveBeenCalledWith('echo hi');
    expect(await screen.findByRole('button', { name: 'Copied' })).toHaveAttribute('data-state', 'copied');
  });

  it("ends the \"Copied\" state on StreamingMarkdown's timers", async () => {
    const writeText = vi.fn(() => Promise.resolve());
    const user = userEvent.setup();
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const clock = manualTimers();
    render(<StreamingMarkdown timers={clock.timers}>{'```sh\necho hi\n```\n'}</StreamingMarkdown>);
    await user.click(screen.getByRole('button', { name: 'Copy code' }));
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeInTheDocument();
    clock.run();
    expect(screen.getByRole('button', { name: 'Copy code' })).toHaveAttribute('data-state', 'idle');
  });

  it('renders model text inside code as text, never as HTML', async () => {
    const view = render(<CodeBlock code={'<img src=x onerror=alert(1)>\n'} language="html" />);
    await waitFor(() => expect(view.container.firstChild).toHaveAttribute('data-state', 'highlighted'), { timeout: 15_000 });
    expect(view.container.querySelector('img')).toBeNull();
    expect(view.container).toHaveTextContent('<img src=x onerror=alert(1)>');
  }, 30_000);
});
