import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isExecutable } from '../scripts/temporal-cli.js';

const projectRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
/** The pinned requirement, one line: `schemathesis==X.Y.Z`. */
export const requirementsFile = join(projectRoot, 'fuzz', 'requirements.txt');
/** A virtual environment in the git-ignored `.tools/` folder, beside the provisioned Temporal CLI. */
export const schemathesisVenv = join(projectRoot, '.tools', 'schemathesis');
export const schemathesisBin = join(schemathesisVenv, 'bin', 'schemathesis');

export class SchemathesisUnavailableError extends Error {
  override readonly name = 'SchemathesisUnavailableError';
  readonly code = 'SCHEMATHESIS_UNAVAILABLE';
}

/** The version `fuzz/requirements.txt` pins. */
export function pinnedVersion(): string {
  const pin = /^schemathesis==(\S+)$/m.exec(readFileSync(requirementsFile, 'utf8'));
  if (!pin?.[1]) throw new Error(`${requirementsFile} must pin schemathesis==X.Y.Z`);
  return pin[1];
}

function installedVersion(): string | undefined {
  if (!isExecutable(schemathesisBin)) return undefined;
  const result = spawnSync(schemathesisBin, ['--version'], { encoding: 'utf8' });
  return /version\s+(\S+)/.exec(result.stdout ?? '')?.[1];
}

function run(command: string, args: string[]): { ok: boolean; why: string; missing: boolean } {
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.error) return { ok: false, why: result.error.message, missing: true };
  return {
    ok: result.status === 0,
    why: (result.stderr ?? '').trim().split('\n').pop() ?? `exit ${result.status}`,
    missing: false,
  };
}

/**
 * The schemathesis CLI at the pinned version, installed with pip into `.tools/schemathesis` the
 * first time (a venv, so nothing leaks into the user's Python). Throws SchemathesisUnavailableError
 * when Python or pip cannot install it.
 */
export function ensureSchemathesis(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): string {
  const version = pinnedVersion();
  if (installedVersion() === version) return schemathesisBin;
  log(`installing schemathesis==${version} from PyPI into ${schemathesisVenv}`);
  let lastWhy = 'no python3 or python on PATH';
  for (const python of ['python3', 'python']) {
    const venv = run(python, ['-m', 'venv', '--clear', schemathesisVenv]);
    if (venv.missing) continue;
    if (!venv.ok) {
      lastWhy = `${python} -m venv failed: ${venv.why}`;
      continue;
    }
    const pip = run(join(schemathesisVenv, 'bin', 'python'), [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '-r',
      requirementsFile,
    ]);
    if (pip.ok && installedVersion() === version) return schemathesisBin;
    lastWhy = `pip could not install schemathesis==${version}: ${pip.why}`;
    break;
  }
  throw new SchemathesisUnavailableError(lastWhy);
}
