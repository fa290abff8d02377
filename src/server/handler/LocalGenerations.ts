/** One generation running in this process. */
export interface LocalGeneration {
  conversationId: string;
  streamId: string;
  userId: string;
  controller: AbortController;
  /** Set right before the terminal event is written: the generation is ending. */
  finishing: boolean;
  /** Resolves when the generation has ended and is unregistered. */
  finished: Promise<void>;
}

/**
 * The generations running in this process and the clients listening to each
 * conversation here, for `abandonAfterMs`, `close()` and `settled()`.
 */
export class LocalGenerations {
  private readonly running = new Map<string, LocalGeneration>();
  private readonly listeners = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly abandonAfterMs: number | undefined) {}

  add(generation: LocalGeneration): void {
    this.running.set(generation.streamId, generation);
  }

  remove(generation: LocalGeneration): void {
    this.running.delete(generation.streamId);
    this.clearTimer(generation.conversationId);
  }

  get(streamId: string): LocalGeneration | undefined {
    return this.running.get(streamId);
  }

  /** Generations of `userId` that are writing their last event. */
  finishingOf(userId: string): LocalGeneration[] {
    return [...this.running.values()].filter((g) => g.finishing && g.userId === userId);
  }

  /** A client started listening to the conversation on this replica. */
  attach(conversationId: string): void {
    this.listeners.set(conversationId, (this.listeners.get(conversationId) ?? 0) + 1);
    this.clearTimer(conversationId);
  }

  /** A client stopped listening; with none left, the abandon timer starts. */
  detach(conversationId: string): void {
    const left = (this.listeners.get(conversationId) ?? 1) - 1;
    if (left > 0) return void this.listeners.set(conversationId, left);
    this.listeners.delete(conversationId);
    const generation = [...this.running.values()].find((g) => g.conversationId === conversationId);
    if (this.abandonAfterMs === undefined || !generation) return;
    this.clearTimer(conversationId);
    const timer = setTimeout(() => {
      this.timers.delete(conversationId);
      if (!this.listeners.has(conversationId)) generation.controller.abort('abandoned');
    }, this.abandonAfterMs);
    this.timers.set(conversationId, timer);
  }

  /** Waits until every running generation has ended. */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running.values()].map((g) => g.finished));
  }

  /** Cancels every running generation with `reason`. */
  abortAll(reason: string): void {
    for (const g of this.running.values()) g.controller.abort(reason);
  }

  private clearTimer(conversationId: string): void {
    clearTimeout(this.timers.get(conversationId));
    this.timers.delete(conversationId);
  }
}
