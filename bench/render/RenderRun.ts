/** What one contender's run in the page reports to `bench/render.bench.ts`. */
export interface RenderRun {
  contender: string;
  chars: number;
  tokens: number;
  /** Time of the synchronous commit (`flushSync(root.render)`) of each token, ms. */
  perToken: number[];
  /** `performance.now()` at the first token, to place `longTasks` in the stream. */
  startTime: number;
  /** Commit of the final text with `streaming` off, ms. */
  finalCommitMs: number;
  /** First token to the final text painted (two frames after the final commit), wall clock ms. */
  wallMs: number;
  /** `longtask` entries (tasks over 50 ms) from the first token to the end of the settle time. */
  longTasks: Array<{ startTime: number; duration: number }>;
  /** The final text (its last source title) is in the DOM. */
  complete: boolean;
  /** Element counts of the final DOM, to check the contenders render the same structure. */
  counts: Record<string, number>;
}
