import { randomBytes } from 'node:crypto';
import { EncryptionCodec, payloadKeyId, type JsonPayload } from '../../codec/index.js';
import { startCodecServer } from './codec-http.js';

const UI_ORIGIN = 'http://127.0.0.1:8233';
const API_KEY = 'codec-operator-key';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const unb64 = (text: string | undefined) => Buffer.from(text ?? '', 'base64').toString('utf8');

function codecFor(key: Buffer): EncryptionCodec {
  return new EncryptionCodec({ activeKeyId: payloadKeyId(key), keys: new Map([[payloadKeyId(key), key]]) });
}

/** A payload as the Web UI holds it: protobuf JSON, bytes in base64. */
const subscriberPayload: JsonPayload = {
  metadata: { encoding: b64('json/plain') },
  data: b64(JSON.stringify({ subscriber: { name: 'Grace Hopper', city: 'Arlington' } })),
};

describe('codec server (Temporal codec-server protocol over HTTP)', () => {
  const key = randomBytes(32);
  let server: Awaited<ReturnType<typeof startCodecServer>>;

  beforeAll(async () => {
    server = await startCodecServer({
      codec: codecFor(key),
      apiKeys: ['another-key', API_KEY],
      corsOrigins: [`${UI_ORIGIN}/`, 'https://temporal.example.com'],
    });
  });
  afterAll(() => server.close());

  /** Sent the way the Web UI's data encoder sends it. */
  const post = (path: '/codec/encode' | '/codec/decode', body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-namespace': 'default',
        authorization: `Bearer ${API_KEY}`,
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  test('encode then decode returns the original payload; the encoded form is encrypted under the active key id', async () => {
    const encodedResponse = await post('/codec/encode', { payloads: [subscriberPayload] });
    expect(encodedResponse.status).toBe(200);
    const encoded = (await encodedResponse.json()) as { payloads: JsonPayload[] };
    expect(encoded.payloads).toHaveLength(1);
    const [encrypted] = encoded.payloads;
    expect(unb64(encrypted!.metadata!.encoding)).toBe('binary/encrypted');
    expect(unb64(encrypted!.metadata!['encryption-cipher'])).toBe('AES256GCM');
    expect(unb64(encrypted!.metadata!['encryption-key-id'])).toBe(payloadKeyId(key));
    expect(unb64(encrypted!.data)).not.toContain('Grace Hopper');

    const decodedResponse = await post('/codec/decode', encoded);
    expect(decodedResponse.status).toBe(200);
    expect(decodedResponse.headers.get('cache-control')).toBe('no-store');
    expect(await decodedResponse.json()).toEqual({ payloads: [subscriberPayload] });
  });

  test('decode passes payloads that were never encrypted through unchanged, and keeps the order of a mixed list', async () => {
    const [encrypted] = (
      (await (await post('/codec/encode', { payloads: [subscriberPayload] })).json()) as { payloads: JsonPayload[] }
    ).payloads;
    const nullPayload = { metadata: { encoding: b64('binary/null') } };
    const response = await post('/codec/decode', { payloads: [nullPayload, encrypted, subscriberPayload] });
    expect(await response.json()).toEqual({ payloads: [nullPayload, subscriberPayload, subscriberPayload] });
  });

  test('without an API key, or with a wrong one, it answers 401 problem+json and decodes nothing', async () => {
    const encrypted = await codecFor(key).encode([
      { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"Grace Hopper"') },
    ]);
    const body = {
      payloads: encrypted.map((p) => ({
        metadata: Object.fromEntries(
          Object.entries(p.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
        ),
        data: Buffer.from(p.data!).toString('base64'),
      })),
    };

    for (const authorization of ['', 'Bearer wrong-key', `Basic ${b64(`x:${API_KEY}`)}`]) {
      const response = await post('/codec/decode', body, { authorization });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.text()).not.toContain('Grace Hopper');
    }
    expect((await post('/codec/decode', body)).status).toBe(200);
  });

  test('answers the browser preflight of an allowed UI origin without credentials, allowing the headers the UI sends', async () => {
    const response = await fetch(`${server.url}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: UI_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-namespace,authorization',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    const allowed = (response.headers.get('access-control-allow-headers') ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase());
    expect(allowed).toEqual(expect.arrayContaining(['content-type', 'authorization', 'x-namespace']));
    expect(response.headers.get('vary')).toMatch(/origin/i);
  });

  test('the POST from an allowed origin carries CORS headers on success and on 401, so the UI can read either', async () => {
    const ok = await post(
      '/codec/decode',
      { payloads: [subscriberPayload] },
      { origin: 'https://temporal.example.com' },
    );
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://temporal.example.com');
    const denied = await post('/codec/decode', { payloads: [] }, { origin: UI_ORIGIN, authorization: '' });
    expect(denied.status).toBe(401);
    expect(denied.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
  });

  test('refuses the preflight and the POST of an origin that is not listed, giving it no CORS headers', async () => {
    for (const origin of ['http://evil.example', 'http://127.0.0.1:8234', 'null']) {
      const preflight = await fetch(`${server.url}/codec/decode`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
      expect(preflight.status).toBe(403);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();

      const response = await post('/codec/decode', { payloads: [subscriberPayload] }, { origin });
      expect(response.status).toBe(403);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  test('a body over 4 MB is refused with 413 problem+json', async () => {
    const huge = { payloads: [{ metadata: { encoding: b64('json/plain') }, data: 'A'.repeat(4 * 1024 * 1024) }] };
    const response = await post('/codec/encode', huge);
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    // Just under the limit still works: the limit is the body size, not something smaller.
    const fits = { payloads: [{ metadata: { encoding: b64('json/plain') }, data: 'A'.repeat(4 * 1024 * 1024 - 200) }] };
    expect((await post('/codec/encode', fits)).status).toBe(200);
  });

  test.each([
    ['not JSON', '{"payloads": [', 'The body is not valid JSON.'],
    ['no payloads array', { payload: [] }, 'payloads'],
    ['a payload that is not an object', { payloads: ['x'] }, 'payloads[0]'],
    ['data that is not base64', { payloads: [{ metadata: {}, data: 'not base64!' }] }, 'payloads[0].data'],
    [
      'metadata values that are not strings',
      { payloads: [{ metadata: { encoding: 7 } }] },
      'payloads[0].metadata.encoding',
    ],
  ])('a malformed body (%s) is 400 problem+json saying where', async (_what, body, where) => {
    const response = await post('/codec/decode', body);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.text()).toContain(where);
  });

  test('a body that is not JSON by content type is 415', async () => {
    const response = await post('/codec/decode', JSON.stringify({ payloads: [] }), { 'content-type': 'text/plain' });
    expect(response.status).toBe(415);
  });

  test('a payload under a key the server does not hold is 422 with PAYLOAD_KEY_UNKNOWN and the key id, never a key', async () => {
    const otherKey = randomBytes(32);
    const [foreign] = await codecFor(otherKey).encode([
      { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"x"') },
    ]);
    const body = {
      payloads: [
        {
          metadata: Object.fromEntries(
            Object.entries(foreign!.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
          ),
          data: Buffer.from(foreign!.data!).toString('base64'),
        },
      ],
    };
    const response = await post('/codec/decode', body);
    expect(response.status).toBe(422);
    const text = await response.text();
    expect(text).toContain('PAYLOAD_KEY_UNKNOWN');
    expect(text).toContain(payloadKeyId(otherKey));
    expect(text).not.toContain(otherKey.toString('base64'));
    expect(text).not.toContain(key.toString('base64'));
  });

  test('with no API keys configured the routes are open, like the rest of the API', async () => {
    const open = await startCodecServer({ codec: codecFor(key), apiKeys: [], corsOrigins: [] });
    try {
      const response = await fetch(`${open.url}/codec/encode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ payloads: [] }),
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ payloads: [] });
    } finally {
      await open.close();
    }
  });
});
