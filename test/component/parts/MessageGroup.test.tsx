import { render } from '@testing-library/react';
import type { ChatMessage } from '../../../src/core/session/types';
import { MessageGroup } from '../../../src/components/MessageGroup';
import { Message } from '../../../src/components/Message';
import { estimateMessageHeight } from '../../../src/components/estimateMessageHeight';

// Counts which messages a render measures: a group measures each of its messages when it renders.
vi.mock('../../../src/components/estimateMessageHeight', async (original) => {
  const actual = await original<typeof import('../../../src/components/estimateMessageHeight')>();
  return { ...actual, estimateMessageHeight: vi.fn(actual.estimateMessageHeight) };
});

const history: ChatMessage[] = Array.from({ length: 8 }, (_, i) => ({
  id: `m${i}`,
  role: i % 2 === 0 ? 'user' : 'assistant',
  parts: [{ type: 'text', text: `Message number ${i}` }],
}));

function Groups({ full }: { full: ReadonlySet<string> }) {
  return (
    <>
      <MessageGroup messages={history} start={0} end={4} full={full} Message={Message} />
      <MessageGroup messages={history} start={4} end={8} full={full} Message={Message} />
    </>
  );
}

describe('MessageGroup (the earlier messages of a long conversation)', () => {
  it('renders again only the group whose messages change between plain text and full when the set of full messages changes', () => {
    const view = render(<Groups full={new Set(['m1'])} />);
    expect(view.container.querySelectorAll('.cw-message-slot[data-render="full"]')).toHaveLength(3); // m1, and the last two
    const measured = vi.mocked(estimateMessageHeight);
    measured.mockClear();

    // A message of the first group comes near the viewport: a new set, the second group's members unchanged.
    view.rerender(<Groups full={new Set(['m1', 'm2'])} />);
    expect(view.container.querySelector('[data-id="m2"]')).toHaveAttribute('data-render', 'full');
    const ids = new Set(measured.mock.calls.map(([message]) => message.id));
    expect([...ids].sort()).toEqual(['m0', 'm1', 'm2', 'm3']);

    // The same members in a new set: nothing renders.
    measured.mockClear();
    view.rerender(<Groups full={new Set(['m2', 'm1'])} />);
    expect(measured).not.toHaveBeenCalled();
  });
});
