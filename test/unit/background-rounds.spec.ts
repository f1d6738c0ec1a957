import { BackgroundRounds } from '../../src/common/background-rounds.js';

// Background rounds (webhooks, diff precomputation, intent metrics): never two at once, a failed
// round does not stop the next, and stop() waits for the round in progress.

describe('BackgroundRounds', () => {
  it('runs rounds one at a time, survives a failing round, and stop() waits for the running one', async () => {
    let active = 0;
    let maxActive = 0;
    let started = 0;
    let finished = 0;
    let release: () => void = () => undefined;
    const rounds = new BackgroundRounds(5, async () => {
      started++;
      active++;
      maxActive = Math.max(maxActive, active);
      if (started === 1) {
        active--;
        throw new Error('first round fails');
      }
      // The third round outlasts many intervals: no other round may start meanwhile.
      if (started === 3) await new Promise<void>((resolve) => (release = resolve));
      else await new Promise((r) => setTimeout(r, 1));
      active--;
      finished++;
    });
    rounds.start();
    while (started < 3) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    expect(started).toBe(3);
    const stopping = rounds.stop();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
    expect(maxActive).toBe(1);
    expect(finished).toBe(2); // the second and the third; the first failed
    await new Promise((r) => setTimeout(r, 30));
    expect(started).toBe(3); // nothing after stop()
  });
});
