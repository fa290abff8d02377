import { defaultMarkdownLabels } from '../markdown/react/markdownLabels';
import type { ChatLabels } from './labels';

/** The keys of {@link ChatLabels} that only the message footer (actions, editor, version picker) uses. */
export type MessageActionLabelKey =
  | 'messageActions'
  | 'copyOptions'
  | 'copyPlainText'
  | 'copyFailed'
  | 'edit'
  | 'regenerate'
  | 'goodResponse'
  | 'badResponse'
  | 'editInput'
  | 'save'
  | 'cancel'
  | 'previousVersion'
  | 'nextVersion'
  | 'version';

/**
 * The English words of `MessageActions`, `MessageEditor` and `BranchPicker`. Internal: a
 * module of its own, so the words load with those parts' lazy chunk, not with the page.
 */
export const messageActionLabels: Pick<ChatLabels, MessageActionLabelKey> = {
  messageActions: 'Message actions',
  copyOptions: 'More copy options',
  copyPlainText: 'Copy as plain text',
  copyFailed: 'Could not copy',
  edit: 'Edit',
  regenerate: 'Regenerate',
  goodResponse: 'Good response',
  badResponse: 'Bad response',
  editInput: 'Edit message',
  save: 'Save',
  cancel: 'Cancel',
  previousVersion: 'Previous version',
  nextVersion: 'Next version',
  version: (position, count) => `Version ${position} of ${count}`,
};

/** What the footer's parts read: their own words, and the code block's `copy` and `copied`. Internal. */
export const footerLabels: Pick<ChatLabels, MessageActionLabelKey | 'copy' | 'copied'> = /* @__PURE__ */ Object.assign(
  { copy: defaultMarkdownLabels.copy, copied: defaultMarkdownLabels.copied },
  messageActionLabels,
);
