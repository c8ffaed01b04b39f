import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHostflowClient, type HostingRequestView } from '../../client/index.js';

const view = (status: HostingRequestView['status']): HostingRequestView => ({
  id: 'ord-1',
  workflowId: 'hosting-ord-1',
  status,
  orderId: null,
  orderStatus: null,
  attention: null,
  numbers: [],
  loa: { status: 'NONE' },
  createdAt: '2026-11-27T10:00:00.000Z',
  updatedAt: '2026-11-27T10:00:00.000Z',
  orders: [],
});

/** An HTTP server that answers GETs from a script, one entry per call, the last one repeated. */
async function scriptedApi(
  script: Array<{ status: number; body: unknown }>,
): Promise<{ url: string; calls: () => number; server: Server }> {
  let calls = 0;
  const server = createServer((_req, res) => {
    const step = script[Math.min(calls++, script.length - 1)]!;
    res
      .writeHead(step.status, { 'content-type': step.status >= 400 ? 'application/problem+json' : 'application/json' })
      .end(JSON.stringify(step.body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls: () => calls, server };
}

const unavailable = {
  status: 503,
  body: { type: 'urn:hostflow:problem:temporal-unavailable', title: 'Service unavailable', status: 503 },
};

describe('waitUntilDone through a passing outage', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
  });

  test('rides out 503s after a first good read and resolves at the end', async () => {
    const api = await scriptedApi([
      { status: 200, body: view('AWAITING_ORDER') },
      unavailable,
      unavailable,
      { status: 200, body: view('COMPLETE') },
    ]);
    servers.push(api.server);
    const client = createHostflowClient({ baseUrl: api.url });
    const final = await client.waitUntilDone('ord-1', { pollIntervalMs: 10 });
    expect(final.status).toBe('COMPLETE');
    expect(api.calls()).toBe(4);
  });

  test('fails at once when the first read fails, and once an outage outlasts the tolerance', async () => {
    const down = await scriptedApi([unavailable]);
    servers.push(down.server);
    await expect(
      createHostflowClient({ baseUrl: down.url }).waitUntilDone('ord-1', { pollIntervalMs: 10 }),
    ).rejects.toMatchObject({ code: 'TEMPORAL_UNAVAILABLE', status: 503 });
    expect(down.calls()).toBe(1);

    const flaky = await scriptedApi([{ status: 200, body: view('CHECKING') }, unavailable]);
    servers.push(flaky.server);
    await expect(
      createHostflowClient({ baseUrl: flaky.url }).waitUntilDone('ord-1', {
        pollIntervalMs: 10,
        outageToleranceMs: 100,
      }),
    ).rejects.toMatchObject({ code: 'TEMPORAL_UNAVAILABLE' });
    expect(flaky.calls()).toBeGreaterThan(2);
  });

  test('a non-JSON answer is HOSTFLOW_UNEXPECTED_RESPONSE with its status', async () => {
    const server = createServer((_req, res) =>
      res.writeHead(502, { 'content-type': 'text/html' }).end('<html>bad gateway</html>'),
    );
    servers.push(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const client = createHostflowClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    await expect(client.get('ord-1')).rejects.toMatchObject({
      name: 'HostflowApiError',
      code: 'HOSTFLOW_UNEXPECTED_RESPONSE',
      status: 502,
    });
  });
});
