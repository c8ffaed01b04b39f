import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { FaultConfigInput, SandboxOrderView } from '../sandbox/index.js';
import { spawnTs, stopChild, waitForLine } from './child-process.js';

/** The sandbox's own default Basic credentials and account (what loadConfig uses in sandbox mode). */
export const SANDBOX_BASIC = { username: 'sandbox', password: 'sandbox' };

export interface SandboxChild {
  url: string;
  apiBaseUrl: string;
  accountId: string;
  port: number;
  process: ChildProcess;
  /** Replaces the fault configuration (`PUT /_sandbox/faults`). */
  setFaults(config: FaultConfigInput): Promise<void>;
  orders(): Promise<SandboxOrderView[]>;
  /** Forgets orders, subscriptions, callbacks and faults (`POST /_sandbox/reset`): each part starts clean. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

const entry = fileURLToPath(new URL('./sandbox-process.ts', import.meta.url));

export async function startSandboxChild(): Promise<SandboxChild> {
  const child = spawnTs(entry, { BENCH_SANDBOX_STEP_DELAY_MS: '0' });
  const line = await waitForLine(child, (l) => l.startsWith('{"ready":true'), 30_000, 'Bandwidth sandbox');
  const ready = JSON.parse(line) as { url: string; apiBaseUrl: string; accountId: string };
  const call = async (path: string, init?: RequestInit) => {
    const response = await fetch(`${ready.url}${path}`, init);
    if (!response.ok)
      throw new Error(`sandbox ${init?.method ?? 'GET'} ${path} → ${response.status}: ${await response.text()}`);
    return response;
  };
  return {
    ...ready,
    port: Number(new URL(ready.url).port),
    process: child,
    setFaults: async (config) => {
      await call('/_sandbox/faults', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(config),
      });
    },
    reset: async () => {
      await call('/_sandbox/reset', { method: 'POST' });
    },
    orders: async () => (await (await call('/_sandbox/orders')).json()) as SandboxOrderView[],
    stop: () => stopChild(child),
  };
}
