// Public exports of core/session.
export type * from './types';
