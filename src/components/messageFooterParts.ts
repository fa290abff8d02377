'use client';
import { createElement, useContext, type ComponentType, type Context } from 'react';
import { BranchPicker } from './BranchPicker';
import { ChatLabelsContext } from './ChatLabelsContext';
import type { ChatLabels } from './labels';
import { MessageActions } from './MessageActions';
import { MessageEditor } from './MessageEditor';

/**
 * The parts under a message, loaded in one lazy chunk (`lazyMessageParts`): a first render of
 * a conversation does not need them, and the widget's initial bundle stays within its budget.
 * The built chunk shares no module with the page (its importer imports nothing), so its
 * `ChatLabelsContext` is a copy of its own: each part provides it from `pageLabels`, the
 * page's context, so the `labels` given to `ChatWidget` reach the footer. Internal.
 */
export function messageFooterParts(pageLabels: Context<Partial<ChatLabels>>) {
  const withPageLabels = <P extends object>(part: ComponentType<P>): ComponentType<P> =>
    function FooterPart(props: P) {
      return createElement(ChatLabelsContext.Provider, { value: useContext(pageLabels) }, createElement(part, props));
    };
  return { BranchPicker: withPageLabels(BranchPicker), MessageActions: withPageLabels(MessageActions), MessageEditor: withPageLabels(MessageEditor) };
}
