/** What one hostile-input run in the page reports to the test. */
export interface HostileReport {
  name: string;
  mode: 'streamed' | 'final';
  /** Renders (streamed updates plus the final one), or events for the widget. */
  steps: number;
  /** Longest interval the 10 ms timer probe was kept from firing, ms. */
  maxGapMs: number;
  /** How often the probe fired. */
  ticks: number;
  /** Wall time of the run, ms. */
  ms: number;
  /** The sample's closing text is on screen. */
  complete: boolean;
  /** Forbidden elements, `on*` attributes and bad URLs seen at any point. */
  violations: string[];
  /** Payloads that ran (each calls `window.__hostile(tag)`), since the page loaded. */
  hits: string[];
  /** Elements in the rendered tree at the end. */
  elements: number;
}
