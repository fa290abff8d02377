// Public exports of core/session.
export type * from './types';
export { chatReducer } from './chatReducer';
export { isActivePhase } from './phases';
export { initialChatState, type ChatState } from './ChatState';
export type * from './ChatAction';
export type * from './ChatMetrics';
export { emptyChatMetrics } from './ChatMetrics';
export type * from './ChatOptions';
export type * from './ChatStorage';
export type * from './ChatController';
export type { ToolDecision, ToolDecisionOutcome } from './decideToolCall';
export type { ClientTool } from './ClientTool';
export type { BranchInfo } from './branchOf';
export { createChatController } from './createChatController';
export { DEFAULT_ENDPOINT } from './resolveChatRoutes';
export { createFrameScheduler } from './createFrameScheduler';
export type { FollowOptions } from './followConversation';
export type { FrameScheduler, FrameSchedulerOptions } from './createFrameScheduler';
