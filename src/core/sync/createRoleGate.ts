import type { TabRole } from './MultiTabOptions';

/** A tab's role, and the calls waiting for it; see {@link createRoleGate}. */
export interface RoleGate {
  /** The role now (`pending` until the election answered). */
  readonly role: TabRole;
  /** Sets the role, tells `onRoleChange`, and runs the calls that waited for the election. */
  set(next: TabRole): void;
  /** Runs `remote` in a follower, `local` otherwise (leader, off); waits while `pending`. */
  byRole<T>(local: () => Promise<T>, remote: () => Promise<T>): Promise<T>;
}

/**
 * A tab's role in multi-tab sync, and where an action runs: a follower forwards it to the
 * leader (`remote`), a leader or a tab on its own performs it (`local`). Actions called
 * before the election answered wait for it, so no tab opens its own stream of a shared
 * conversation by mistake.
 *
 * @example
 * ```ts
 * const gate = createRoleGate(options.onRoleChange);
 * const sent = gate.byRole(() => controller.send(text), () => forward('send', text));
 * gate.set('follower'); // runs the waiting send as a forwarded one
 * ```
 */
export function createRoleGate(onRoleChange?: (role: TabRole) => void): RoleGate {
  let role: TabRole = 'pending';
  const undecided: Array<() => void> = [];
  const gate: RoleGate = {
    get role() {
      return role;
    },
    set(next) {
      role = next;
      onRoleChange?.(next);
      for (const run of undecided.splice(0)) run();
    },
    byRole(local, remote) {
      if (role === 'pending') {
        return new Promise((resolve, reject) => undecided.push(() => void gate.byRole(local, remote).then(resolve, reject)));
      }
      return role === 'follower' ? remote() : local();
    },
  };
  return gate;
}
