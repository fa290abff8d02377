/** Where an action runs, by the tab's role. */
import { createRoleGate } from '../../../src/core/sync/createRoleGate';
import type { TabRole } from '../../../src/core/sync/MultiTabOptions';

describe('createRoleGate', () => {
  it('holds actions until the election answers, then runs them where the role says', async () => {
    const roles: TabRole[] = [];
    const gate = createRoleGate((role) => roles.push(role));
    const ran: string[] = [];
    const local = (name: string) => () => (ran.push(`${name} here`), Promise.resolve(name));
    const remote = (name: string) => () => (ran.push(`${name} forwarded`), Promise.resolve(name));
    expect(gate.role).toBe('pending');
    const early = [gate.byRole(local('send'), remote('send')), gate.byRole(local('stop'), remote('stop'))];
    await Promise.resolve();
    expect(ran).toEqual([]);
    gate.set('follower');
    await expect(Promise.all(early)).resolves.toEqual(['send', 'stop']);
    expect(ran).toEqual(['send forwarded', 'stop forwarded']);
    gate.set('leader');
    await gate.byRole(local('retry'), remote('retry'));
    gate.set('off');
    await gate.byRole(local('resume'), remote('resume'));
    expect(ran.slice(2)).toEqual(['retry here', 'resume here']);
    expect(roles).toEqual(['follower', 'leader', 'off']);
  });

  it('a waiting action that fails rejects its caller', async () => {
    const gate = createRoleGate();
    const failed = gate.byRole(() => Promise.reject(new Error('boom')), () => Promise.resolve('x'));
    gate.set('leader');
    await expect(failed).rejects.toThrow('boom');
  });
});
