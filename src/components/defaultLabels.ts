import { defaultMarkdownLabels } from '../markdown/react/markdownLabels';
import { pageToolLabels } from './pageToolLabels';
import { partLabels, threadListLabels, type ChatLabels } from './labels';
import { messageActionLabels } from './messageActionLabels';

/**
 * The English catalog: every key of {@link ChatLabels}. Spread it to start a translation
 * of your own, or pass only the keys you change as `labels`.
 *
 * A module of its own: the parts import only their share of the words (`partLabels`,
 * `threadListLabels`, the markdown parts' `defaultMarkdownLabels`, and the message footer's `messageActionLabels` in its lazy chunk).
 *
 * @example <ChatWidget endpoint="/api/chat" labels={{ send: 'Envoyer', stop: 'Arrêter' }} />
 */
export const defaultLabels: ChatLabels = /* @__PURE__ */ Object.assign({}, partLabels, threadListLabels, defaultMarkdownLabels, messageActionLabels, pageToolLabels);
