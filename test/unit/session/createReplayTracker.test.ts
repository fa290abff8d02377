import { createReplayTracker } from '../../../src/core/session/createReplayTracker';

describe('createReplayTracker', () => {
  it('a replay lasts at least one frame after the stream opened, then until a frame passes without events', () => {
    const replay = createReplayTracker();
    replay.opened();
    expect(replay.over()).toBe(false); // the frame right after opening
    replay.activity();
    expect(replay.over()).toBe(false); // events arrived during that frame
    expect(replay.over()).toBe(true); // a frame without events
  });

  it("ends at the next frame once the server's `: live` marker arrived, although events keep coming", () => {
    const replay = createReplayTracker();
    replay.opened();
    replay.activity();
    replay.live();
    replay.activity();
    expect(replay.over()).toBe(true);
  });

  it('a new stream forgets the previous stream’s marker', () => {
    const replay = createReplayTracker();
    replay.opened();
    replay.live();
    replay.opened();
    replay.activity();
    expect(replay.over()).toBe(false);
    expect(replay.over()).toBe(true);
  });
});
