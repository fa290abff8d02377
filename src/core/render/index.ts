// Public exports of core/render.
export {};
