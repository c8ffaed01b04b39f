import { freshNumbers } from '../helpers/numbers.js';

/*
 * Personal data with values unlikely anywhere else, so finding one in a log or a stored payload
 * can only mean it leaked there.
 */

export const SUBSCRIBER = {
  name: 'Quillfeather Orchard Cooperative',
  streetName: 'Zephyrine Meadowlark',
  city: 'Wyndholme Crossing',
  county: 'Brackenfold',
  loaAuthorizingPerson: 'Ottoline Vasquez-Thorncastle',
} as const;

/** The LOA file: its bytes must stay in the LOA store, out of history. */
export const LOA_FILE = Buffer.from(
  '%PDF-1.4\n% Letter of Authorization signed by Ottoline Vasquez-Thorncastle\n%%EOF\n',
);

export function hostingRequestWithPii(customerOrderId: string) {
  const [first, second] = freshNumbers(2) as [string, string];
  return {
    customerOrderId,
    telephoneNumbers: [first, `+1${second}`],
    subscriber: {
      name: SUBSCRIBER.name,
      serviceAddress: {
        houseNumber: '11235',
        streetName: SUBSCRIBER.streetName,
        city: SUBSCRIBER.city,
        stateCode: 'CO',
        zip: '27541',
        county: SUBSCRIBER.county,
      },
    },
    loaAuthorizingPerson: SUBSCRIBER.loaAuthorizingPerson,
    loa: { contentType: 'application/pdf', filename: 'loa.pdf', data: LOA_FILE.toString('base64') },
  };
}

/** The lines that contain any of the needles (compared case-insensitively). */
export function leaksIn(lines: readonly string[], needles: readonly string[]): string[] {
  const lowered = needles.map((needle) => needle.toLowerCase());
  return lines.filter((line) => {
    const text = line.toLowerCase();
    return lowered.some((needle) => text.includes(needle));
  });
}

/** Polls GET /v1/hosting-requests/{id} until `until` holds, or fails with the last view after `timeoutMs`. */
export async function waitForView(
  api: (path: string) => Promise<Response>,
  id: string,
  until: (view: Record<string, unknown>) => boolean,
  timeoutMs = 30_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const response = await api(`/v1/hosting-requests/${encodeURIComponent(id)}`);
    if (response.status === 200) {
      const view = (await response.json()) as Record<string, unknown>;
      if (until(view)) return view;
      last = view;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(
    `request ${id} did not reach the expected state in ${timeoutMs} ms; last view ${JSON.stringify(last)}`,
  );
}
