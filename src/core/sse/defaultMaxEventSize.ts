/** Default {@link ReadSSEOptions.maxEventSize} (and `maxLineSize` of `readLines`): 1 MiB. */
export const DEFAULT_MAX_EVENT_SIZE = 1_048_576;
