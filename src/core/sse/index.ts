// Public exports of core/sse.
export {};
