// Public exports of core/sync.
export {};
