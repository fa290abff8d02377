'use client';
import { useEffect, useLayoutEffect } from 'react';

/**
 * `useLayoutEffect` in a browser, `useEffect` where there is no DOM (server rendering with
 * `react-dom/server`), where React 18 would warn that a layout effect does nothing. Neither
 * runs on the server; in the browser the effect runs before paint, as a layout effect does.
 * Internal (the chat parts use it too).
 */
export const useIsomorphicLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;
