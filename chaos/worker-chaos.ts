import type { ProcessStack } from '../test/helpers/processes.js';

export interface WorkerChaosOptions {
  /** Each worker lives this long once it polls, drawn uniformly from [min, max] ms, then is SIGKILLed. */
  lifetimeMs: readonly [number, number];
  random: () => number;
  log: (line: string) => void;
}

/**
 * Keeps one worker process running and SIGKILLs it every few seconds, starting a new one each
 * time — the crash loop of a worker that keeps being OOM-killed or rescheduled. A worker that exits
 * on its own is counted (it should not) and replaced.
 */
export class WorkerChaos {
  kills = 0;
  unexpectedExits = 0;
  failedStarts = 0;
  /** Time from starting a process to it polling the task queue, per start. */
  readonly startupMs: number[] = [];
  private stopping = false;
  private wake: (() => void) | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly stack: ProcessStack,
    private readonly options: WorkerChaosOptions,
  ) {}

  private isUp = false;

  /** Whether a worker polls right now. */
  get up(): boolean {
    return this.isUp;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Stops killing; the worker running now (if any) is left running. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
  }

  private pause(ms: number): Promise<void> {
    if (this.stopping) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      const startedAt = Date.now();
      let worker;
      try {
        worker = await this.stack.startWorker();
      } catch (error) {
        this.failedStarts += 1;
        const lines = (error as Error).message.split('\n').filter((l) => l.trim() !== '');
        this.options.log(`worker did not start: ${lines[0]}${lines.length > 1 ? ` … ${lines[lines.length - 1]}` : ''}`);
        await this.stack.killWorker();
        await this.pause(1_000);
        continue;
      }
      this.startupMs.push(Date.now() - startedAt);
      this.isUp = true;
      const [min, max] = this.options.lifetimeMs;
      const lifetime = min + this.options.random() * (max - min);
      const outcome = await Promise.race([
        this.pause(lifetime).then(() => 'lived' as const),
        worker.exited.then(() => 'exited' as const),
      ]);
      this.wake?.(); // ends this worker's pause when it exited first
      this.isUp = false;
      if (outcome === 'exited') {
        this.unexpectedExits += 1;
        this.options.log(`worker ${worker.pid} exited by itself:\n${worker.outputTail()}`);
        continue;
      }
      if (this.stopping) {
        this.isUp = true;
        break;
      }
      await this.stack.killWorker();
      this.kills += 1;
    }
  }
}
