/** Supplies the Authorization header of Bandwidth calls. */
export interface AuthProvider {
  /**
   * Value for the Authorization header of the next call, e.g. "Basic …" or "Bearer …". A caller's
   * `signal` stops its own wait (a token fetch shared with other callers goes on for them).
   */
  authorization(options?: { signal?: AbortSignal }): Promise<string>;
  /**
   * Called when Bandwidth answered 401, so a cached token is dropped before one retry.
   * `rejected` is the header value that was refused: a provider keeps a newer token it fetched
   * meanwhile, so a burst of concurrent 401s costs one token fetch, not one each.
   */
  invalidate?(rejected?: string): void;
  readonly mode: 'basic' | 'oauth2';
}

/** Legacy API-user credentials (Bandwidth removed these on 2 Dec 2026; use OAuth2). */
export function basicAuth(credentials: { username: string; password: string }): AuthProvider {
  const header = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
  return {
    mode: 'basic',
    authorization: () => Promise.resolve(header),
  };
}
