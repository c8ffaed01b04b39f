/** Where the CLI writes and what it knows of its terminal; main.ts binds it to the process. */
export interface CliIo {
  /** Writes text as is (no newline added). */
  write(text: string): void;
  /** Writes one line to stdout. */
  out(line: string): void;
  /** Writes one line to stderr. */
  err(line: string): void;
  /** Writes text to stderr as is. */
  writeErr(text: string): void;
  /** stdout is a terminal: progress redraws in place. */
  isTTY: boolean;
  columns: number;
  env: Record<string, string | undefined>;
}

export function processIo(): CliIo {
  return {
    write: (text) => void process.stdout.write(text),
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
    writeErr: (text) => void process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
    columns: process.stdout.columns || 80,
    env: process.env,
  };
}

/** Machine-readable output: one JSON document (pretty) or one JSON line. */
export function printJson(io: CliIo, value: unknown, compact = false): void {
  io.out(compact ? JSON.stringify(value) : JSON.stringify(value, null, 2));
}
