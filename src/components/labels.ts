import type { ApprovalDecider } from '../core/events';
import type { MarkdownLabels } from '../markdown/react/markdownLabels';
import { formatDuration } from './formatDuration';
import type { MessageActionLabelKey } from './messageActionLabels';
import type { PageToolLabelKey } from './pageToolLabels';

/**
 * Every word chatwire's parts show or announce, in one catalog: give a translation (all of
 * it or only some keys) through the `labels` prop of `ChatWidget` or `ThreadListWidget`, or
 * `ChatLabelsContext` around your own composition. Labels that depend on a value are
 * functions, so each language can order and inflect the words (`toolRunning: (name, time) => ...`).
 * Props of a single part (`placeholder`, `sendLabel`, `retryLabel`...) win over the catalog.
 * The code blocks' and citation badges' words are {@link MarkdownLabels}.
 */
export interface ChatLabels extends MarkdownLabels {
  /** Composer: placeholder of the text box. Default `"Send a message..."`. */
  placeholder: string;
  /** Composer: accessible name of the text box. Default `"Message"`. */
  messageInput: string;
  /** Composer: the Send button. Default `"Send"`. */
  send: string;
  /** Composer: the Stop button shown while an answer is written. Default `"Stop"`. */
  stop: string;
  /** MessageList: accessible name of the scrolling conversation. Default `"Messages"`. */
  messages: string;
  /** MessageList: the button shown when scrolled away from the newest message. Default `"Jump to latest"`. */
  jumpToLatest: string;
  /** ChatWidget: banner while the connection is re-established. Default `"Reconnecting..."`. */
  reconnecting: string;
  /** Message: note under an answer that was stopped. Default `"Stopped"`. */
  stopped: string;
  /** ErrorNotice: the Retry button. Default `"Retry"`. */
  retry: string;
  /** Reasoning: toggle while the model thinks. Default `"Thinking"`. */
  thinking: string;
  /** Reasoning: toggle once thinking ended. Default `"Thought process"`. */
  thoughtProcess: string;
  /** A duration in milliseconds, as tool cards show it. Default `2.4 s`, `2 min 05 s`. */
  duration: (ms: number) => string;
  /** Tool card while its arguments stream in. Default `"Preparing search..."`. */
  toolPreparing: (name: string) => string;
  /** Tool card once its arguments are complete. Default `"Calling search..."`. */
  toolCalling: (name: string) => string;
  /** Tool card while it runs; `time` is the elapsed {@link ChatLabels.duration}, when known. Default `"Running search... 2.4 s"`. */
  toolRunning: (name: string, time?: string) => string;
  /** Tool card after it ran; `time` is how long it took, when known. Default `"Ran search in 2.4 s"`. */
  toolRan: (name: string, time?: string) => string;
  /** Tool card after it failed; `time` is how long it ran, when known. Default `"search failed after 2.4 s"`. */
  toolFailed: (name: string, time?: string) => string;
  /** Tool card's error when the failure came without a message. Default `"search failed without a message."`. */
  toolFailedSilently: (name: string) => string;
  /** Tool card while the call waits for a person's decision. Default `"search needs your approval"`. */
  toolAwaitingApproval: (name: string) => string;
  /** Tool card of a page tool's call no page has taken yet. Default `"Waiting for a page to run get_time..."`. */
  toolWaitingForPage: (name: string) => string;
  /** Tool card of a page tool's call this browser runs; `time` as in {@link ChatLabels.toolRunning}. Default `"Running get_time in this browser... 2.4 s"`. */
  toolRunningHere: (name: string, time?: string) => string;
  /** Tool card of a page tool's call another device runs. Default `"Running get_time on another device... 2.4 s"`. */
  toolRunningElsewhere: (name: string, time?: string) => string;
  /** Tool card of a page tool's call a reload interrupted; `here` when it was this browser's run. Default `"get_time was interrupted by a reload"`. */
  toolInterrupted: (name: string, here: boolean) => string;
  /** Interrupted page tool: the button that runs the call again. Default `"Run again"`. */
  runAgain: string;
  /** Page tool interrupted on another device: the button that runs the call on this one instead. Default `"Run here"`. */
  runHere: string;
  /** Interrupted page tool: the button that reports it interrupted to the model. Default `"Report as interrupted"`. */
  reportInterrupted: string;
  /** Tool card of a call still awaiting approval whose deadline passed (the server's timeout decision follows). Default `"search was not approved in time"`. */
  toolApprovalExpired: (name: string) => string;
  /** Tool card: time left to decide on a pending approval, `time` as `9:58`. Default `"Decide within 9:58"`. */
  toolDecideWithin: (time: string) => string;
  /** Tool card: the deadline of a pending approval passed. Default `"The time to decide has run out; the call will not run."`. */
  toolDeadlinePassed: string;
  /** Tool card of a call that was not approved, by who decided (`user`, `timeout`, `stop`). Default `"Not run: search was denied"`. */
  toolNotRun: (name: string, decidedBy?: ApprovalDecider) => string;
  /** Error given to an app's own tool card when a call was not run and gave no message. Default `"search was not run."`. */
  toolNotRunError: (name: string) => string;
  /** Tool card: the reason given with a denial. Default `"Reason: too expensive"`. */
  toolReason: (reason: string) => string;
  /** Tool card: button that shows a collapsed result. Default `"Show result"`. */
  showResult: string;
  /** Tool card: button that collapses the result. Default `"Hide result"`. */
  hideResult: string;
  /** Approval: the Approve button. Default `"Approve"`. */
  approve: string;
  /** Approval: the Deny button. Default `"Deny"`. */
  deny: string;
  /** Approval: placeholder of the optional reason. Default `"Reason (optional)"`. */
  reasonPlaceholder: string;
  /** Approval: accessible name of the optional reason. Default `"Reason for the decision on search (optional)"`. */
  reasonInput: (name: string) => string;
  /** Approval: someone decided first (another tab, the timeout, a stop). Default `"Already decided: approved."`. */
  decidedElsewhere: (decision: { approved: boolean; reason?: string; decidedBy: ApprovalDecider }) => string;
  /** Approval: the decision could not be sent; `message` says why. Default `"The decision was not sent: ..."`. */
  decisionFailed: (message: string) => string;
  /** MessageActions: accessible name of the row of actions under a message (its Copy and "Copied" are the code block's `copy` and `copied`). Default `"Message actions"`. */
  messageActions: string;
  /** MessageActions: the toggle of the other ways to copy an answer. Default `"More copy options"`. */
  copyOptions: string;
  /** MessageActions: copies an answer without markdown markup. Default `"Copy as plain text"`. */
  copyPlainText: string;
  /** MessageActions: said when the clipboard refused the text. Default `"Could not copy"`. */
  copyFailed: string;
  /** MessageActions: opens the editor of a prompt. Default `"Edit"`. */
  edit: string;
  /** MessageActions: writes a new version of an answer. Default `"Regenerate"`. */
  regenerate: string;
  /** MessageActions: thumbs up. Default `"Good response"`. */
  goodResponse: string;
  /** MessageActions: thumbs down. Default `"Bad response"`. */
  badResponse: string;
  /** MessageEditor: accessible name of the text box. Default `"Edit message"`. */
  editInput: string;
  /** MessageEditor: submits the edit. Default `"Save"`. */
  save: string;
  /** MessageEditor: closes the editor, nothing changed. Default `"Cancel"`. */
  cancel: string;
  /** BranchPicker: shows the version before. Default `"Previous version"`. */
  previousVersion: string;
  /** BranchPicker: shows the version after. Default `"Next version"`. */
  nextVersion: string;
  /** BranchPicker: accessible name of the picker, 1-based. Default `"Version 2 of 3"`. */
  version: (position: number, count: number) => string;
  /** ThreadList: accessible name of the list. Default `"Conversations"`. */
  conversations: string;
  /** ThreadList: button that starts a new conversation. Default `"New conversation"`. */
  newConversation: string;
  /** ThreadList: shown when there is no conversation yet. Default `"No conversations yet"`. */
  noConversations: string;
  /** ThreadList: button that loads older conversations. Default `"More conversations"`. */
  moreConversations: string;
  /** ThreadList: badge of a conversation whose answer is being written. Default `"Running"`. */
  running: string;
  /**
   * ThreadList: accessible name of an entry, which must contain the words it shows (its title,
   * the `running` badge). Default `"Trip plan, Running, new answer"`.
   */
  conversation: (title: string, running: boolean, unread: boolean) => string;
  /** ThreadList: accessible name of the rename box. Default `"New title for Trip plan"`. */
  renameInput: (title: string) => string;
  /** ThreadList: accessible name of the rename button. Default `"Rename Trip plan"`. */
  rename: (title: string) => string;
  /** ThreadList: accessible name of the delete button. Default `"Delete Trip plan"`. */
  remove: (title: string) => string;
}

/** The keys of {@link ChatLabels} that only `ThreadList` uses. */
type ThreadListLabelKey = 'conversations' | 'newConversation' | 'noConversations' | 'moreConversations' | 'running' | 'conversation' | 'renameInput' | 'rename' | 'remove';

/**
 * The English words of the chat parts. Internal: the parts start from it, so an app
 * without `ThreadList` does not ship the list's words.
 */
export const partLabels: Omit<ChatLabels, ThreadListLabelKey | keyof MarkdownLabels | MessageActionLabelKey | PageToolLabelKey> = {
  placeholder: 'Send a message...',
  messageInput: 'Message',
  send: 'Send',
  stop: 'Stop',
  messages: 'Messages',
  jumpToLatest: 'Jump to latest',
  reconnecting: 'Reconnecting...',
  stopped: 'Stopped',
  retry: 'Retry',
  thinking: 'Thinking',
  thoughtProcess: 'Thought process',
  duration: formatDuration,
  toolPreparing: (name) => `Preparing ${name}...`,
  toolCalling: (name) => `Calling ${name}...`,
  toolRunning: (name, time) => `Running ${name}...${time ? ` ${time}` : ''}`,
  toolRan: (name, time) => `Ran ${name}${time ? ` in ${time}` : ''}`,
  toolFailed: (name, time) => `${name} failed${time ? ` after ${time}` : ''}`,
  toolFailedSilently: (name) => `${name} failed without a message.`,
  toolAwaitingApproval: (name) => `${name} needs your approval`,
  toolApprovalExpired: (name) => `${name} was not approved in time`,
  toolDecideWithin: (time) => `Decide within ${time}`,
  toolDeadlinePassed: 'The time to decide has run out; the call will not run.',
  toolNotRun: (name, by) =>
    by === 'timeout'
      ? `Not run: ${name} was not approved in time`
      : by === 'stop'
        ? `Not run: stopped while ${name} awaited approval`
        : `Not run: ${name} was denied`,
  toolNotRunError: (name) => `${name} was not run.`,
  toolReason: (reason) => `Reason: ${reason}`,
  showResult: 'Show result',
  hideResult: 'Hide result',
  approve: 'Approve',
  deny: 'Deny',
  reasonPlaceholder: 'Reason (optional)',
  reasonInput: (name) => `Reason for the decision on ${name} (optional)`,
  decidedElsewhere: ({ approved, reason, decidedBy }) =>
    `Already decided: ${
      decidedBy === 'timeout'
        ? 'it timed out and was not run'
        : decidedBy === 'stop'
          ? 'the answer was stopped'
          : approved
            ? 'approved'
            : `denied${reason ? ` (${reason})` : ''}`
    }.`,
  decisionFailed: (message) => `The decision was not sent: ${message}`,
};

/** The running badge's word, also said in an entry's name. */
const RUNNING = 'Running';

/** The English words of `ThreadList`. Internal, see {@link partLabels}. */
export const threadListLabels: Pick<ChatLabels, ThreadListLabelKey> = {
  conversations: 'Conversations',
  newConversation: 'New conversation',
  noConversations: 'No conversations yet',
  moreConversations: 'More conversations',
  running: RUNNING,
  conversation: (title, running, unread) => [title, running && RUNNING, unread && 'new answer'].filter(Boolean).join(', '),
  renameInput: (title) => `New title for ${title}`,
  rename: (title) => `Rename ${title}`,
  remove: (title) => `Delete ${title}`,
};
