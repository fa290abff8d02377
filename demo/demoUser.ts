import { randomUUID } from 'node:crypto';

/** Name of the cookie that holds the per-browser demo user id. */
export const demoUserCookie = 'chatwire_demo_user';

const validId = /^[A-Za-z0-9-]{16,64}$/;

/**
 * Reads the demo user id from a `Cookie` header; `undefined` when absent or malformed.
 * The id is a random UUID handed out on the first page load: unguessable, so another
 * browser cannot pass as you, which is all a demo needs (a real app uses its own session).
 */
export function readDemoUser(cookieHeader: string | undefined | null): string | undefined {
  for (const pair of (cookieHeader ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== demoUserCookie) continue;
    const value = pair.slice(eq + 1).trim();
    return isDemoUserId(value) ? value : undefined;
  }
  return undefined;
}

/** Whether `value` has the shape of a demo user id. */
export function isDemoUserId(value: string | null | undefined): value is string {
  return typeof value === 'string' && validId.test(value);
}

/** The `Set-Cookie` value that stores `userId` as this browser's demo user for a year. */
export function demoUserSetCookie(userId: string): string {
  return `${demoUserCookie}=${userId}; Path=/; HttpOnly; SameSite=Lax; Max-Age=31536000`;
}

/** A fresh demo user id and the `Set-Cookie` value that stores it. */
export function newDemoUser(): { userId: string; setCookie: string } {
  const userId = randomUUID();
  return { userId, setCookie: demoUserSetCookie(userId) };
}
