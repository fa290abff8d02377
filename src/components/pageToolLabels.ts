import type { ChatLabels } from './labels';

/** The keys of {@link ChatLabels} only the card of a tool the page runs uses. */
export type PageToolLabelKey = 'toolWaitingForPage' | 'toolRunningHere' | 'toolRunningElsewhere' | 'toolInterrupted' | 'runAgain' | 'runHere' | 'reportInterrupted';

/**
 * The English words of a page tool's card (`clientTools`): in the chunk that draws it, not
 * with the parts, so apps without page tools do not ship them. Internal, see `partLabels`.
 */
export const pageToolLabels: Pick<ChatLabels, PageToolLabelKey> = {
  toolWaitingForPage: (name) => `Waiting for a page to run ${name}...`,
  toolRunningHere: (name, time) => `Running ${name} in this browser...${time ? ` ${time}` : ''}`,
  toolRunningElsewhere: (name, time) => `Running ${name} on another device...${time ? ` ${time}` : ''}`,
  toolInterrupted: (name, here) => (here ? `${name} was interrupted by a reload` : `${name} was interrupted on another device`),
  runAgain: 'Run again',
  runHere: 'Run here',
  reportInterrupted: 'Report as interrupted',
};
