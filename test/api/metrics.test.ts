import { hostingRequestBody, startStack, type TestStack } from '../helpers/stack.js';
import { uniqueId } from '../helpers/temporal.js';

describe('GET /metrics', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ apiKeys: ['m-key'] });
  });
  afterAll(async () => {
    await stack.stop();
  });

  const metric = (text: string, name: string, labels: string) =>
    Number(new RegExp(`^${name}\\{${labels}\\} (\\d+(?:\\.\\d+)?)$`, 'm').exec(text)?.[1] ?? 'NaN');

  test('counts requests by route pattern and webhook notifications by outcome, with no ids in labels', async () => {
    const id = uniqueId('metrics');
    await stack.api('/v1/hosting-requests', {
      method: 'POST',
      body: JSON.stringify(hostingRequestBody({ customerOrderId: id })),
    });
    await stack.waitFor(id, (v) => v.status === 'COMPLETE');
    await fetch(`${stack.apiUrl}/webhooks/bandwidth/orders`, { method: 'POST', body: '<Notification/>' });

    const response = await fetch(`${stack.apiUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(
      metric(text, 'hostflow_http_requests_total', 'method="POST",route="/v1/hosting-requests/",status="202"'),
    ).toBe(1);
    expect(metric(text, 'hostflow_hosting_requests_started_total', '')).toBeNaN(); // unlabelled: no braces
    expect(text).toMatch(/^hostflow_hosting_requests_started_total 1$/m);
    expect(
      metric(text, 'hostflow_http_requests_total', 'method="GET",route="/v1/hosting-requests/:id",status="200"'),
    ).toBeGreaterThanOrEqual(1);
    // The sandbox's callback (challenged, then accepted) and the unauthenticated post above.
    expect(metric(text, 'hostflow_webhook_notifications_total', 'outcome="signalled"')).toBe(1);
    expect(metric(text, 'hostflow_webhook_notifications_total', 'outcome="unauthorized"')).toBeGreaterThanOrEqual(2);
    expect(text).not.toContain(id);
  });
});
