/**
 * Shallow equality for what chatwire's own hooks select: the same value, or arrays and
 * plain objects with the same keys whose values are `Object.is`-equal. zustand's `shallow`
 * (the default of `useChatStore`, for the app's selectors) also compares Maps, Sets and
 * other iterables, which these hooks never return; an app that does not call
 * `useChatStore` does not bundle it. Internal.
 */
export function shallowEqual<T>(a: T, b: T): boolean {
  if (Object.is(a, b)) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && Object.is((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
