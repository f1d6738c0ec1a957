// Wall-clock time per analysis phase, for `--format stats` and the benchmark. `performance` is a
// global in Node and browsers alike, so the engine stays free of Node modules.

export class PhaseClock {
  readonly laps: Record<string, number> = {};
  private last = performance.now();

  /** Records the time since the previous lap (or the start) under `phase`. */
  lap(phase: string): void {
    const now = performance.now();
    this.laps[phase] = (this.laps[phase] ?? 0) + (now - this.last);
    this.last = now;
  }
}
