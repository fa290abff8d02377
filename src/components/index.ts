'use client';
// Public exports of the components.
export {};
