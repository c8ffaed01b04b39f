import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { exitWithParent } from '../child-process.js';
import type { LoadResult, WebhookLoadInput } from './protocol.js';

/**
 * The webhook's load generator, in a process of its own (Bandwidth is not in hostflow's process):
 * autocannon POSTs each notification once, `concurrency` connections at a time, with the callback
 * credentials up front (Bandwidth's challenge round trip is its own cost, not ingestion's).
 */
exitWithParent();
const input = JSON.parse(readFileSync(process.env.BENCH_LOAD_INPUT!, 'utf8')) as WebhookLoadInput;

function fire(bodies: string[]): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  let next = 0;
  let lastAnswer = NaN;
  return new Promise((resolve, reject) => {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const instance = autocannon(
      {
        url: input.url,
        method: 'POST',
        connections: Math.min(input.concurrency, bodies.length),
        amount: bodies.length,
        timeout: 30,
        headers: { 'content-type': 'application/xml', authorization: input.authorization },
        requests: [{ setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length] }) }],
      },
      (error, result) => {
        if (error) return reject(error);
        if (result.errors > 0) {
          failures += result.errors;
          firstFailure ??= `${result.errors} connection errors or timeouts`;
        }
        // To the last answer: autocannon notices the end only on its next one-second tick.
        const used = process.cpuUsage(cpu);
        resolve({
          count: latencies.length,
          elapsedMs: lastAnswer - started,
          latencies,
          cpuMs: (used.user + used.system) / 1000,
          failures,
          firstFailure,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      lastAnswer = performance.now();
      latencies.push(responseTime);
      if (statusCode !== 200) {
        failures++;
        firstFailure ??= `HTTP ${statusCode}`;
      }
    });
  });
}

if (input.warmupBodies.length > 0) await fire(input.warmupBodies);
const result = await fire(input.bodies);
process.stdout.write(`${JSON.stringify(result)}\n`);
