import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Secrets that sandbox mode makes up for itself (the webhook's callback credentials), generated
 * once and kept under DATA_DIR so every hostflow process on the machine — `npm start`, or
 * `npm run api` beside `npm run sandbox` — agrees on them across restarts.
 */
export interface LocalSecrets {
  webhookUsername: string;
  webhookPassword: string;
}

export function loadOrCreateLocalSecrets(dataDir: string): LocalSecrets {
  const file = join(dataDir, 'sandbox-secrets.json');
  try {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>;
    if (stored.webhookUsername && stored.webhookPassword) return stored as LocalSecrets;
  } catch {
    // absent or unreadable: make new ones below
  }
  const secrets: LocalSecrets = {
    webhookUsername: 'bandwidth',
    webhookPassword: randomBytes(18).toString('base64url'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
