import { act, render } from '@testing-library/react';
import { StreamingMarkdown } from '../../../src/markdown/react/StreamingMarkdown';
import { loadTailRepair } from '../../../src/markdown/engine/loadTailRepair';
import { manualTimers } from './manualTimers';

vi.mock('remend', () => {
  throw new Error('chunk request failed');
});

describe('StreamingMarkdown when the remend chunk fails to load', () => {
  it('stays on hold-back, shows no error, warns once and still renders closed syntax', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const clock = manualTimers();
      const view = (text: string, streaming = true) => (
        <>
          <StreamingMarkdown streaming={streaming} timers={clock.timers} requestFrame={null}>
            {text}
          </StreamingMarkdown>
          <StreamingMarkdown streaming timers={clock.timers} requestFrame={null}>
            {'Other `co'}
          </StreamingMarkdown>
        </>
      );
      const screen = render(view('Some **bol'));
      clock.run();
      await act(async () => {
        await loadTailRepair().catch(() => undefined);
      });
      const root = screen.container;
      expect(root).toHaveTextContent(/^Some\s*Other$/);
      expect(root.textContent).not.toMatch(/[*`]/);
      expect(root.querySelector('strong, code')).toBeNull();
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/could not load the tail repair chunk \(remend\).*hold-back/s);

      screen.rerender(view('Some **bold** and more '));
      expect(root.querySelector('strong')).toHaveTextContent(/^bold$/);
      screen.rerender(view('Some **bold** and more **text', false));
      expect(root.querySelectorAll('strong')).toHaveLength(1);
      expect(root.textContent).toContain('and more **text');
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });
});
