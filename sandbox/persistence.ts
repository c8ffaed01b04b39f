import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { errorMessage } from './errors.js';
import type { StoreSnapshot } from './store.js';

export class SandboxStateFileError extends Error {
  override readonly name = 'SandboxStateFileError';
  readonly code = 'SANDBOX_STATE_FILE_INVALID';
}

/** Reads a state file written by `StateFileWriter`; undefined when there is none yet. */
export function loadStateFile(file: string): StoreSnapshot | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SandboxStateFileError(`cannot read sandbox state file ${file}`, { cause: error });
  }
  let snapshot: Partial<StoreSnapshot>;
  try {
    snapshot = JSON.parse(text) as Partial<StoreSnapshot>;
  } catch (error) {
    throw new SandboxStateFileError(`sandbox state file ${file} is not valid JSON`, { cause: error });
  }
  if (snapshot.version !== 1 || !Array.isArray(snapshot.importOrders) || !Array.isArray(snapshot.subscriptions)) {
    throw new SandboxStateFileError(`sandbox state file ${file} is not a version 1 sandbox state`);
  }
  return {
    version: 1,
    importOrders: snapshot.importOrders,
    removalOrders: snapshot.removalOrders ?? [],
    subscriptions: snapshot.subscriptions,
    hostedNumbers: snapshot.hostedNumbers ?? [],
    tnOptionOrders: snapshot.tnOptionOrders ?? [],
  };
}

/**
 * Saves the state a short while after it changes (many changes, one write), through a temporary
 * file and a rename so a crash never leaves half a file. The file holds callback passwords, so
 * only its owner may read it.
 */
export class StateFileWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly snapshot: () => StoreSnapshot,
    private readonly logger: (line: string) => void,
    private readonly debounceMs = 100,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.write();
    }, this.debounceMs);
  }

  /** Writes now if a save is pending, and waits for every write to finish. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
      await this.write();
    }
    await this.writing;
  }

  private write(): Promise<void> {
    const text = JSON.stringify(this.snapshot());
    this.writing = this.writing.then(async () => {
      const temporary = `${this.file}.${process.pid}.tmp`;
      try {
        await mkdir(dirname(this.file), { recursive: true });
        await writeFile(temporary, text, { mode: 0o600 });
        await rename(temporary, this.file);
      } catch (error) {
        this.logger(`could not save sandbox state to ${this.file}: ${errorMessage(error)}`);
      }
    });
    return this.writing;
  }
}
