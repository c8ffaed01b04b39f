import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, SandboxStateFileError } from '../../sandbox/index.js';
import { behaviours, sandboxFixture, statusesUntilEnd, waitFor } from './helpers.js';

const fixture = sandboxFixture();
let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'sandbox-state-'));
});
afterEach(async () => {
  await fixture.stop();
  await rm(directory, { recursive: true, force: true });
});

describe('state file', () => {
  test('orders and subscriptions survive a restart, and an order cut off mid-way finishes after it', async () => {
    const stateFile = join(directory, 'sandbox.json');
    const receiver = await fixture.callbackServer(behaviours.challengeThenAccept({ username: 'u', password: 'p' }));
    const first = await fixture.start({ stateFile, stepDelayMs: 600_000 });
    const subscriptionId = await first.subscribe(receiver.url, { username: 'u', password: 'p' });
    const orderId = await first.createOrder(['3032281000'], 'survivor');
    await first.running.close();
    expect((await stat(stateFile)).mode & 0o077).toBe(0);

    const second = await fixture.start({ stateFile, stepDelayMs: 20 });
    expect(await statusesUntilEnd(second, orderId)).toContain('COMPLETE');
    const notification = await waitFor(
      () => receiver.received.find((request) => request.authorization !== undefined),
      'the notification',
    );
    expect(notification.notification).toMatchObject({
      SubscriptionId: subscriptionId,
      OrderId: orderId,
      CustomerOrderId: 'survivor',
      Status: 'COMPLETE',
    });
    await second.running.close();

    const saved = JSON.parse(await readFile(stateFile, 'utf8')) as {
      importOrders: Array<{ processingStatus: string }>;
    };
    expect(saved.importOrders.map((order) => order.processingStatus)).toEqual(['COMPLETE']);
  });

  test('TN option orders, hosted numbers and event subscriptions survive a restart too', async () => {
    const stateFile = join(directory, 'sandbox.json');
    const first = await fixture.start({ stateFile, stepDelayMs: 20 });
    const imported = await first.createOrder(['3032281000'], null);
    await statusesUntilEnd(first, imported);
    const event = await first.post(
      'subscriptions',
      '<Subscription><EventType>MESSAGING_LOST</EventType><CallbackSubscription><URL>http://127.0.0.1:1/lost</URL><NumberFormat>E164</NumberFormat></CallbackSubscription></Subscription>',
    );
    expect(event.status).toBe(201);
    await first.running.close();
    const slow = await fixture.start({ stateFile, stepDelayMs: 600_000 });
    const created = await slow.post(
      'tnoptions',
      '<TnOptionOrder><TnOptionGroups><TnOptionGroup><Sms>on</Sms><TelephoneNumbers><TelephoneNumber>3032281000</TelephoneNumber></TelephoneNumbers></TnOptionGroup></TnOptionGroups></TnOptionOrder>',
    );
    expect(created.status).toBe(201);
    await slow.running.close();

    const second = await fixture.start({ stateFile, stepDelayMs: 20 });
    expect((await second.get('inserviceNumbers/3032281000')).status).toBe(200);
    await waitFor(() => second.running.sandbox.tnOptions()[0]?.processingStatus === 'COMPLETE', 'the TN option order');
    const subscriptions = (await second.get('subscriptions?eventType=MESSAGING_LOST')).xml.SubscriptionsResponse
      .Subscriptions.Subscription;
    expect(subscriptions[0].CallbackSubscription.NumberFormat).toBe('E164');
  });

  test('a state file that is not a sandbox state stops the start with a named error', async () => {
    const stateFile = join(directory, 'broken.json');
    await writeFile(stateFile, '{"hello": ');
    expect(() => createSandbox({ stateFile })).toThrow(SandboxStateFileError);
  });

  test('without a state file nothing is written', async () => {
    const caller = await fixture.start();
    await caller.createOrder(['3032281000']);
    await caller.running.close();
    const again = await fixture.start();
    expect(await again.inspect('orders')).toEqual([]);
  });
});
