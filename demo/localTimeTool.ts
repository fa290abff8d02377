import type { ClientTool } from '../src/core/index';

/**
 * The demo's tool that the page runs: the browser's clock and time zone (ask "What time is
 * it here?"). It counts its runs in `localStorage` (`chatwire:demo:localTimeRuns`), so the
 * tests can see it ran once across tabs, devices and reloads.
 */
export const localTimeTool: ClientTool = {
  name: 'get_local_time',
  description: "The user's local time and time zone, read from their browser.",
  parameters: { type: 'object', properties: {} },
  // A reload while it runs runs it again (the default); tests ask the user instead (`chatwire:demo:localTimeOnReload`: 'ask').
  get onReload() {
    try {
      return localStorage.getItem('chatwire:demo:localTimeOnReload') === 'ask' ? 'ask' : 'rerun';
    } catch {
      return 'rerun';
    }
  },
  execute: async () => {
    const key = 'chatwire:demo:localTimeRuns';
    // Tests slow the clock down (`chatwire:demo:localTimeDelayMs`, at most 5 s) to see where it runs meanwhile.
    let delayMs = 0;
    try {
      delayMs = Math.min(5_000, Number(localStorage.getItem('chatwire:demo:localTimeDelayMs') ?? '0') || 0);
    } catch {
      // no storage: no delay
    }
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    try {
      localStorage.setItem(key, String(Number(localStorage.getItem(key) ?? '0') + 1));
    } catch {
      // Storage may be unavailable (private mode); the count is for tests only.
    }
    const now = new Date();
    return {
      time: now.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }),
      zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    };
  },
};

/** The demo page's tools, one stable array (the session reads it at each prompt and call). */
export const DEMO_CLIENT_TOOLS: ClientTool[] = [localTimeTool];
