'use client';
// Public exports of the React bindings.
export {};
