import type { ToolRendererProps, ToolRenderers } from '../src/index';

type DemoTools = {
  get_local_time: { args: Record<string, never>; result: { time: string; zone: string } };
};

/** The demo's own card for `get_local_time` (a custom tool UI): a clock face instead of JSON. */
export function LocalTimeCard({ result, error, state, claim, continueCall }: ToolRendererProps<DemoTools['get_local_time']['args'], DemoTools['get_local_time']['result']>) {
  if (error) return <p className="demo-clock demo-clock-error">Could not read your clock: {error}</p>;
  if (continueCall) {
    const here = claim === 'here';
    return (
      <p className="demo-clock">
        {here ? 'Reading your clock was interrupted by a reload.' : 'Reading the clock was interrupted on another device.'}{' '}
        <button type="button" onClick={() => void continueCall('rerun')}>{here ? 'Run again' : 'Run here'}</button>{' '}
        <button type="button" onClick={() => void continueCall('report')}>Report as interrupted</button>
      </p>
    );
  }
  if (!result) {
    const running = claim === 'elsewhere' ? 'Another device is reading its clock...' : 'Reading your clock...';
    return <p className="demo-clock">{state === 'executing' ? running : 'Asking for your clock...'}</p>;
  }
  return (
    <p className="demo-clock">
      <span className="demo-clock-time">{result.time}</span> <span className="demo-clock-zone">{result.zone}</span>
      <span className="demo-clock-note"> read in this browser</span>
    </p>
  );
}

/** The demo's custom tool cards (stable: defined once). */
export const DEMO_TOOL_RENDERERS: ToolRenderers<DemoTools> = { get_local_time: LocalTimeCard };
