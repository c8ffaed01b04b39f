import { randomBytes } from 'node:crypto';
import type { HostingRequestInput } from '../workflows/types.js';

/**
 * Unique, importable sandbox numbers: ten digits, area code and exchange starting 2-9, never area
 * code 410 (not importable) nor a line 9999 (fails inside the order).
 */
export function numberSource(): (count: number) => string[] {
  let next = 0;
  return (count) => {
    const out: string[] = [];
    for (let k = 0; k < count; k++, next++) {
      const line = next % 9_999;
      const rest = Math.floor(next / 9_999);
      const exchange = 200 + (rest % 800);
      const area = 201 + Math.floor(rest / 800);
      if (area >= 410) throw new Error('number source exhausted');
      out.push(`${area}${exchange}${String(line).padStart(4, '0')}`);
    }
    return out;
  };
}

/** A short tag that keeps one run's request ids apart from another's on the same dev server. */
export function runTag(): string {
  return randomBytes(3).toString('hex');
}

export const LOA_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

/** The create body of the contract's example: the given numbers, an LOA, a request id. */
export function hostingRequestBody(customerOrderId: string, telephoneNumbers: string[]): Record<string, unknown> {
  return {
    customerOrderId,
    telephoneNumbers,
    siteId: '14413',
    sipPeerId: '521952',
    subscriber: {
      name: 'ABC Inc.',
      serviceAddress: {
        houseNumber: '11235',
        streetName: 'Back',
        city: 'Denver',
        stateCode: 'CO',
        zip: '27541',
        county: 'Canyon',
      },
    },
    loaAuthorizingPerson: 'Mark Macchioni',
    loa: { contentType: 'application/pdf', filename: 'loa.pdf', data: LOA_PDF.toString('base64') },
  };
}

/**
 * The baseline's workflow input: the same HostingRequestInput the API builds for the body above
 * (an LOA reference, not the bytes), so both sides carry payloads of the same size.
 */
export function bareRequestInput(id: string, telephoneNumbers: string[]): HostingRequestInput {
  return {
    id,
    telephoneNumbers,
    siteId: '14413',
    sipPeerId: '521952',
    subscriber: {
      name: 'ABC Inc.',
      serviceAddress: {
        houseNumber: '11235',
        streetName: 'Back',
        city: 'Denver',
        stateCode: 'CO',
        zip: '27541',
        county: 'Canyon',
      },
    },
    loaAuthorizingPerson: 'Mark Macchioni',
    loa: { key: '0'.repeat(64), contentType: 'application/pdf', filename: 'loa.pdf', bytes: LOA_PDF.length },
    createdAt: new Date().toISOString(),
    wait: { pollInitialIntervalMs: 300_000, pollMaxIntervalMs: 3_600_000, loaWaitMs: 604_800_000 },
  };
}
