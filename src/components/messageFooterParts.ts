'use client';
// The parts under a message, loaded in one lazy chunk (`lazyMessageParts`): a first render of
// a conversation does not need them, and the widget's initial bundle stays within its budget.
export { BranchPicker } from './BranchPicker';
export { MessageActions } from './MessageActions';
export { MessageEditor } from './MessageEditor';
