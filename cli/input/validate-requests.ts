import { InputError } from '../errors.js';
import type { RequestItem } from './request-items.js';

/** At most this many problems in the one failure line; the rest are counted. */
const SHOWN_PROBLEMS = 3;

/**
 * Checks every body with the API's own schema before any is sent, so a bad row never leaves the
 * rows before it started. The server checks again (and applies its defaults, e.g. BANDWIDTH_SITE_ID).
 */
export async function validateRequests(items: RequestItem[]): Promise<void> {
  const { createHostingRequestSchema, validationErrors } = await import('../../api/hosting-request-schema.js');
  const problems: string[] = [];
  const seenIds = new Map<string, string>();
  for (const item of items) {
    const parsed = createHostingRequestSchema.safeParse(item.body);
    if (!parsed.success) {
      for (const e of validationErrors(parsed.error)) problems.push(`${item.locate(e.path)} ${e.message}`);
    }
    const id = item.body.customerOrderId;
    if (typeof id === 'string') {
      const earlier = seenIds.get(id);
      if (earlier) problems.push(`${item.label}: customerOrderId ${JSON.stringify(id)} repeats ${earlier}`);
      else seenIds.set(id, item.label);
    }
  }
  if (problems.length === 0) return;
  const more = problems.length - SHOWN_PROBLEMS;
  throw new InputError(
    `${problems.slice(0, SHOWN_PROBLEMS).join('; ')}${more > 0 ? `; and ${more} more problem${more > 1 ? 's' : ''}` : ''} — nothing was started`,
  );
}
