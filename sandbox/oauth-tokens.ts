import { randomBytes } from 'node:crypto';
import { secretsEqual } from './credentials.js';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds: number;
}

/** What `GET /_sandbox/tokens` shows of an issued token: never the token itself. */
export interface IssuedToken {
  /** 1 for the first token this sandbox issued, and so on. */
  serial: number;
  issuedAtMs: number;
  expiresAtMs: number;
}

/** Enough to follow a long test run's refreshes; the oldest records go first. */
const MAX_ISSUED_RECORDS = 1000;

/** Issues and checks the Bearer tokens of Bandwidth's OAuth2 client-credentials flow. */
export class TokenIssuer {
  private readonly tokens = new Map<string, { clientId: string; serial: number; expiresAtMs: number }>();
  private issuedRecords: IssuedToken[] = [];
  private serial = 0;

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
    const record: IssuedToken = {
      serial: ++this.serial,
      issuedAtMs: now,
      expiresAtMs: now + this.client.tokenTtlSeconds * 1000,
    };
    this.tokens.set(accessToken, {
      clientId: this.client.clientId,
      serial: record.serial,
      expiresAtMs: record.expiresAtMs,
    });
    this.issuedRecords.push(record);
    if (this.issuedRecords.length > MAX_ISSUED_RECORDS) this.issuedRecords.shift();
    return { accessToken, expiresIn: this.client.tokenTtlSeconds };
  }

  /** The client a token was issued to, and the token's serial number, while it is valid. */
  holderOf(token: string): { clientId: string; serial: number } | undefined {
    const entry = this.tokens.get(token);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.nowMs()) {
      this.tokens.delete(token);
      return undefined;
    }
    return { clientId: entry.clientId, serial: entry.serial };
  }

  /** Every token issued so far (the latest MAX_ISSUED_RECORDS), oldest first. */
  issued(): IssuedToken[] {
    return this.issuedRecords.map((record) => ({ ...record }));
  }
}
