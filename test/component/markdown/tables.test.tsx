import { render } from '@testing-library/react';
import { StreamingMarkdown } from '../../../src/markdown/react/StreamingMarkdown';
import { manualFrames } from './manualFrames';

const table = 'Totals:\n\n| Region | Sales |\n|--------|------:|\n| North  | 120 |\n| South  | 95 |\n| East   | 210 |\n\nDone.';

describe('StreamingMarkdown tables', () => {
  it('shows a table only after its delimiter row, with whole rows and never a raw pipe', () => {
    const delimiterEnd = table.indexOf('|------:|\n') + '|------:|\n'.length;
    // The live tail re-renders at most once per frame; each prefix is checked after its frame.
    const frames = manualFrames();
    const view = render(<StreamingMarkdown streaming requestFrame={frames.requestFrame}>{''}</StreamingMarkdown>);
    let sawTable = false;
    for (let end = 0; end <= table.length; end += 1) {
      const prefix = table.slice(0, end);
      view.rerender(
        <StreamingMarkdown streaming requestFrame={frames.requestFrame}>
          {prefix}
        </StreamingMarkdown>,
      );
      expect(view.container.textContent).not.toContain('|');
      frames.run();
      const root = view.container;
      expect(root.textContent).not.toContain('|');
      const rendered = root.querySelector('table');
      if (end < delimiterEnd) {
        expect(rendered).toBeNull();
        continue;
      }
      sawTable = true;
      expect(rendered).not.toBeNull();
      const bodyLines = prefix.slice(delimiterEnd).split('\n');
      const completeRows = bodyLines.slice(0, -1).filter((line) => line.startsWith('|')).length;
      const rows = root.querySelectorAll('tbody tr');
      expect(rows).toHaveLength(completeRows);
      for (const row of rows) expect(row.querySelectorAll('td')).toHaveLength(2);
    }
    expect(sawTable).toBe(true);
  });
});
