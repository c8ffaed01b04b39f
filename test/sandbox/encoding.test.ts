import { sandboxFixture, type BandwidthCaller } from './helpers.js';
import { SEED_ORDER_REQUEST } from './seed-examples.js';

const fixture = sandboxFixture();
afterEach(() => fixture.stop());

const LATIN1_DECLARATION = '<?xml version="1.0" encoding="ISO-8859-1" standalone="yes"?>';

/** The raw bytes of an answer, undecoded. */
async function bytesOf(caller: BandwidthCaller, path: string): Promise<{ type: string | null; bytes: Buffer }> {
  const response = await fetch(caller.account(path), {
    headers: { Authorization: `Basic ${Buffer.from('sandbox:sandbox').toString('base64')}` },
  });
  return { type: response.headers.get('content-type'), bytes: Buffer.from(await response.arrayBuffer()) };
}

async function orderNamed(caller: BandwidthCaller, name: string): Promise<string> {
  const answer = await caller.post('importTnOrders', SEED_ORDER_REQUEST.replace('ABC Inc.', name));
  expect(answer.status).toBe(201);
  return answer.xml.ImportTnOrderResponse.ImportTnOrder.OrderId;
}

describe('ISO-8859-1 answers', () => {
  test('with the fault on, answers declare ISO-8859-1 and Café is the single byte 0xE9', async () => {
    const caller = await fixture.start({ stepDelayMs: 5_000 });
    const orderId = await orderNamed(caller, 'Café');
    caller.running.sandbox.setFaults({ xml: { encoding: 'ISO-8859-1' } });
    const { type, bytes } = await bytesOf(caller, `importTnOrders/${orderId}`);
    expect(type).toBe('application/xml; charset=ISO-8859-1');
    expect(bytes.subarray(0, LATIN1_DECLARATION.length).toString('latin1')).toBe(LATIN1_DECLARATION);
    const cafe = Buffer.from([0x43, 0x61, 0x66, 0xe9]); // C a f é
    expect(bytes.includes(cafe)).toBe(true);
    expect(bytes.includes(Buffer.from('Café', 'utf8'))).toBe(false);
    expect(bytes.toString('latin1')).toContain('<Name>Café</Name>');

    caller.running.sandbox.clearFaults();
    const utf8 = await bytesOf(caller, `importTnOrders/${orderId}`);
    expect(utf8.type).toBe('application/xml; charset=utf-8');
    expect(utf8.bytes.includes(Buffer.from('Café', 'utf8'))).toBe(true);
  });

  test('a character Latin-1 cannot hold is written as a character reference', async () => {
    const caller = await fixture.start({ stepDelayMs: 5_000, xmlEncoding: 'ISO-8859-1' });
    const orderId = await orderNamed(caller, 'Zoë – Łódź');
    const { bytes } = await bytesOf(caller, `importTnOrders/${orderId}`);
    const text = bytes.toString('latin1');
    expect(text).toContain('<Name>Zoë &#x2013; &#x141;ód&#x17a;</Name>');
    expect(bytes.includes(Buffer.from([0xeb]))).toBe(true); // ë
  });

  test('the xmlEncoding option applies to every XML answer, errors included', async () => {
    const caller = await fixture.start({ xmlEncoding: 'ISO-8859-1' });
    const list = await bytesOf(caller, 'importTnOrders');
    expect(list.bytes.toString('latin1').startsWith(LATIN1_DECLARATION)).toBe(true);
    const missing = await bytesOf(caller, 'importTnOrders/b05de7e6-0cab-4c83-81bb-9379cba8efd0');
    expect(missing.type).toBe('application/xml; charset=ISO-8859-1');
    expect(missing.bytes.toString('latin1').startsWith(LATIN1_DECLARATION)).toBe(true);
  });

  test('an unknown encoding is refused, as an option and as a fault', async () => {
    await expect(fixture.start({ xmlEncoding: 'UTF-16' as never })).rejects.toThrow(/xmlEncoding/);
    const caller = await fixture.start();
    expect(() => caller.running.sandbox.setFaults({ xml: { encoding: 'UTF-16' as never } })).toThrow();
  });
});
