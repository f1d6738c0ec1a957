/**
 * A piece of work repeated in the background, each round `intervalMs` after the last one started,
 * never two rounds at once (a round that outlasts the interval delays the next). The timer does not
 * keep the process alive; `stop()` clears it and waits for a round in progress. Rounds handle their
 * own errors: a rejected round is only dropped.
 */
export class BackgroundRounds {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly intervalMs: number,
    private readonly round: () => Promise<unknown>,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.round()
        .catch(() => undefined)
        .finally(() => (this.running = null));
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
