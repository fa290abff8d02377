/**
 * Timing helpers of the Chromium bench pages (bench/longThread, bench/richContent).
 *
 * `afterPaint`: resolves with `performance.now()` in a task posted from the next animation
 * frame, i.e. once that frame was painted and the main thread is free.
 *
 * @example const paintedAt = await afterPaint();
 */
export const afterPaint = (): Promise<number> =>
  new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    }),
  );
