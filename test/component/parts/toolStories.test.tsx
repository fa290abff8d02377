/**
 * The tool card's stories show every state a tool call can be in (issue: "Storybook shows
 * every tool state"): each story of the three tool story files is rendered with its own
 * args as Storybook would, and the states the cards show are collected. A story removed,
 * or one that stops showing its state, fails here (the stories' `play` functions run in
 * the storybook project).
 */
import { cleanup, render, waitFor } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { ToolCallPart } from '../../../src/core/session/types';
import { ToolCallCard, type ToolCallCardProps } from '../../../src/components/ToolCallCard';
import * as approvals from '../../../stories/ToolApproval.stories';
import * as basics from '../../../stories/ToolCallCard.stories';
import * as pageTools from '../../../stories/ToolRenderers.stories';

type StoryLike = { args?: Partial<ToolCallCardProps>; render?: (args: ToolCallCardProps, context: never) => ReactElement };
type StoryModule = { default: { args?: Partial<ToolCallCardProps> } } & Record<string, unknown>;

/** What one story shows: the card's state, with who decided a call that was not run and where a page tool runs. */
async function shown(module: StoryModule, name: string): Promise<string> {
  const story = module[name] as StoryLike;
  const args = { ...module.default.args, ...story.args } as ToolCallCardProps;
  const { container } = render(story.render ? story.render(args, {} as never) : <ToolCallCard {...args} />);
  // The page tool's status and the app's cards are their own chunks: wait until they are in.
  await waitFor(() => {
    const card = container.querySelector<HTMLElement>('.cw-tool-call');
    if (!card) throw new Error(`story ${name} shows no tool card`);
    if (card.classList.contains('cw-tool-custom') && card.childElementCount === 0) throw new Error('the custom card is loading');
    if ((card.dataset.state === 'client-running' || card.dataset.state === 'interrupted') && !container.querySelector('.cw-tool-call-status[data-claim]')) throw new Error('the page tool status is loading');
  });
  const card = container.querySelector<HTMLElement>('.cw-tool-call');
  const part = (story.render ? undefined : args.part) as ToolCallPart | undefined;
  const state = card?.dataset.state ?? 'none';
  const claim = container.querySelector<HTMLElement>('[data-claim]')?.dataset.claim;
  const detail = state === 'denied' ? `:${part?.approval?.decidedBy}` : state === 'result' && part?.approval?.approved ? ':approved' : claim ? `:${claim}` : '';
  const custom = card?.classList.contains('cw-tool-custom') ? ' (custom card)' : '';
  cleanup();
  return `${state}${detail}${custom}`;
}

describe('the tool stories', () => {
  it('show every tool state: streaming, called, running, pending approval, expired, approved, denied, timed out, stopped, failed, a page tool waiting, running here and elsewhere, interrupted here and elsewhere, custom cards', async () => {
    const states = new Set<string>();
    for (const module of [basics, approvals, pageTools] as unknown as StoryModule[]) {
      for (const name of Object.keys(module).filter((key) => key !== 'default')) states.add(await shown(module, name));
    }
    expect([...states].sort()).toEqual(
      expect.arrayContaining([
        'streaming-args',
        'called',
        'executing',
        'error',
        'result',
        'awaiting-approval',
        'approval-expired',
        'result:approved',
        'denied:user',
        'denied:timeout',
        'denied:stop',
        'client-running:none',
        'client-running:here',
        'client-running:elsewhere',
        'interrupted:here',
        'interrupted:elsewhere',
        'result:here (custom card)',
        'executing:here (custom card)',
        'streaming-args (custom card)',
      ]),
    );
  });
});
