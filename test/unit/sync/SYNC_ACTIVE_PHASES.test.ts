import { ACTIVE_PHASES } from '../../../src/core/session/applyChatEvent';
import { SYNC_ACTIVE_PHASES } from '../../../src/core/sync/SYNC_ACTIVE_PHASES';

describe('SYNC_ACTIVE_PHASES', () => {
  it('is the session reducer\'s set of active phases', () => {
    expect([...SYNC_ACTIVE_PHASES].sort()).toEqual([...ACTIVE_PHASES].sort());
  });
});
