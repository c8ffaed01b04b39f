import { randomBytes } from 'node:crypto';
import { secretsEqual } from './credentials.js';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds: number;
}

/** Issues and checks the Bearer tokens of Bandwidth's OAuth2 client-credentials flow. */
export class TokenIssuer {
  private readonly tokens = new Map<string, { clientId: string; expiresAtMs: number }>();

  constructor(
    private readonly client: OAuthClient,
    private readonly nowMs: () => number,
  ) {}

  isClient(clientId: string, clientSecret: string): boolean {
    // Both compared, always, so the answer time says nothing about which one was wrong.
    const idMatches = secretsEqual(clientId, this.client.clientId);
    const secretMatches = secretsEqual(clientSecret, this.client.clientSecret);
    return idMatches && secretMatches;
  }

  issue(): { accessToken: string; expiresIn: number } {
    const now = this.nowMs();
    for (const [token, entry] of this.tokens) if (entry.expiresAtMs <= now) this.tokens.delete(token);
    const accessToken = randomBytes(32).toString('base64url');
    this.tokens.set(accessToken, { clientId: this.client.clientId, expiresAtMs: now + this.client.tokenTtlSeconds * 1000 });
    return { accessToken, expiresIn: this.client.tokenTtlSeconds };
  }

  /** The client a token was issued to, while it is valid. */
  holderOf(token: string): string | undefined {
    const entry = this.tokens.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.nowMs()) {
      this.tokens.delete(token);
      return undefined;
    }
    return entry.clientId;
  }
}
