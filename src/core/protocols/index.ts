// Public exports of core/protocols.
export {};
