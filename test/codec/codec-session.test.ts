import { randomBytes } from 'node:crypto';
import { CODEC_SESSION_COOKIE, createCodecSessions, EncryptionCodec, payloadKeyId } from '../../codec/index.js';
import { startCodecServer } from './codec-http.js';

const UI_ORIGIN = 'http://127.0.0.1:8233';
const API_KEY = 'operator-key';

/**
 * What the Web UI can send instead of an API key: the cookie of a session an operator opened at
 * /codec/session with an API key, carried by the UI's "include cross-origin credentials".
 */
describe('codec sessions for the Web UI', () => {
  const key = randomBytes(32);
  const codec = new EncryptionCodec({ activeKeyId: payloadKeyId(key), keys: new Map([[payloadKeyId(key), key]]) });
  const apiKeys = ['other-key', API_KEY];
  const signingKey = randomBytes(32);
  const sessions = createCodecSessions({ signingKey, apiKeys, ttlMs: 3_600_000 });
  let server: Awaited<ReturnType<typeof startCodecServer>>;
  beforeAll(async () => {
    server = await startCodecServer({ codec, apiKeys, corsOrigins: [UI_ORIGIN], sessions });
  });
  afterAll(() => server.close());

  const decode = (headers: Record<string, string>) =>
    fetch(`${server.url}/codec/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: UI_ORIGIN, ...headers },
      body: JSON.stringify({ payloads: [] }),
    });
  const cookieOf = (response: Response) => response.headers.get('set-cookie') ?? '';

  test('signing in with an API key sets an HttpOnly, SameSite=Strict cookie for /codec that decode accepts', async () => {
    const signIn = await fetch(`${server.url}/codec/session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}` },
    });
    expect(signIn.status).toBe(200);
    const cookie = cookieOf(signIn);
    expect(cookie).toMatch(new RegExp(`^${CODEC_SESSION_COOKIE}=v1\\.`));
    expect(cookie).toMatch(/; Path=\/codec/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    const session = cookie.split(';')[0]!;

    const decoded = await decode({ cookie: session });
    expect(decoded.status).toBe(200);
    // The UI's credentialed calls need these two from the same answer.
    expect(decoded.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(decoded.headers.get('access-control-allow-credentials')).toBe('true');
    expect((await decode({})).status).toBe(401);
  });

  test('the sign-in page is a same-origin form; a form from another origin is refused', async () => {
    const page = await fetch(`${server.url}/codec/session`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post" action="session">');
    const form = (origin: string, apiKey: string) =>
      fetch(`${server.url}/codec/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
        body: new URLSearchParams({ apiKey }),
      });
    const ok = await form(server.url, API_KEY);
    expect(ok.status).toBe(200);
    expect(cookieOf(ok)).toContain(`${CODEC_SESSION_COOKIE}=`);
    const wrong = await form(server.url, 'guess');
    expect(wrong.status).toBe(401);
    expect(cookieOf(wrong)).toBe('');
    expect((await form('https://evil.example', API_KEY)).status).toBe(403);
  });

  test('a forged, altered, expired or revoked session opens nothing', async () => {
    const { token } = sessions.issue(API_KEY)!;
    expect(sessions.verify(token)).toBe(true);
    const [version, expires, print, signature] = token.split('.');
    const altered = [version, String(Number(expires) + 86_400), print, signature].join('.');
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    for (const bad of [altered, flipped, 'v1.9999999999.0123456789abcdef.' + 'x'.repeat(43), '']) {
      expect(sessions.verify(bad)).toBe(false);
      expect((await decode({ cookie: `${CODEC_SESSION_COOKIE}=${bad}` })).status).toBe(401);
    }
    expect(sessions.verify(token, Date.now() + 3_600_000 + 1_000)).toBe(false);
    // API_KEYS without that key: its sessions end with it.
    const rotated = createCodecSessions({ signingKey, apiKeys: ['other-key'], ttlMs: 3_600_000 });
    expect(rotated.verify(token)).toBe(false);
    expect(rotated.issue(API_KEY)).toBeUndefined();
  });
});
