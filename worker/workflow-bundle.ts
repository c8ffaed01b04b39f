import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { failureConverterPath } from '../codec/index.js';

const workflowsDir = fileURLToPath(new URL('../workflows/', import.meta.url));
export const workflowsPath = join(workflowsDir, 'index.ts');
const require = createRequire(import.meta.url);

/** A package's version, from the package.json above its entry point (not every package exports it). */
async function packageVersion(name: string): Promise<string> {
  for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version: string;
      };
      if (manifest.name === name) return manifest.version;
    } catch {
      // no package.json at this level: look further up
    }
  }
  throw new Error(`no package.json found for ${name}`);
}

const contractDir = fileURLToPath(new URL('../contract/', import.meta.url));

/**
 * Everything the bundle is made of: hostflow's workflow sources and the contract they share (the
 * lint's boundary rules keep workflow code to these two folders and the packages below), the
 * failure converter, and the versions of the packages bundled with them.
 */
async function bundleFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  for (const dir of [workflowsDir, contractDir]) {
    for (const name of (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort()) {
      hash
        .update(dir)
        .update(name)
        .update(await readFile(join(dir, name)));
    }
  }
  hash.update(await readFile(failureConverterPath));
  for (const pkg of ['@temporalio/workflow', '@temporalio/worker', '@temporalio/common', '@noble/hashes']) {
    hash.update(pkg).update(await packageVersion(pkg));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The workflow bundle, built once per version of the workflow code and kept under `cacheDir`:
 * bundling takes seconds on a small machine, and a worker restarted after a crash should be
 * back polling at once.
 */
export async function workflowBundleFor(
  cacheDir: string | undefined,
  log?: { info(obj: object, msg: string): void },
): Promise<{ code: string }> {
  const build = () =>
    bundleWorkflowCode({
      workflowsPath,
      failureConverterPath,
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} },
    });
  if (!cacheDir) return build();
  const file = join(cacheDir, `workflow-bundle-${await bundleFingerprint()}.js`);
  try {
    return { code: await readFile(file, 'utf8') };
  } catch {
    const bundle = await build();
    await mkdir(dirname(file), { recursive: true });
    const temporary = `${file}.${randomUUID()}.tmp`;
    await writeFile(temporary, bundle.code);
    await rename(temporary, file);
    log?.info({ file }, 'workflow bundle built and cached');
    return { code: bundle.code };
  }
}
