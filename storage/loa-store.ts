import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Keeps LOA files outside workflow history (Temporal payloads should stay small, and the file is
 * personal data): the API stores the bytes, the workflow carries the key, the upload activity
 * reads them back. Keys are content hashes, so storing the same file twice is harmless.
 */
export interface LoaStore {
  put(data: Uint8Array): Promise<string>;
  get(key: string): Promise<Uint8Array | undefined>;
}

const KEY_PATTERN = /^[0-9a-f]{64}$/;

export function createFileLoaStore(directory: string): LoaStore {
  const pathOf = (key: string) => {
    if (!KEY_PATTERN.test(key)) throw new Error(`invalid LOA key ${JSON.stringify(key)}`);
    return join(directory, key);
  };
  return {
    async put(data) {
      const key = createHash('sha256').update(data).digest('hex');
      await mkdir(directory, { recursive: true });
      // Write then rename: a crash never leaves a half-written file under a valid key.
      const temporary = join(directory, `.${key}.${randomUUID()}.tmp`);
      await writeFile(temporary, data, { mode: 0o600 });
      await rename(temporary, pathOf(key));
      return key;
    },
    async get(key) {
      try {
        return await readFile(pathOf(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}
