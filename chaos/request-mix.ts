/**
 * The hosting requests a reliability run submits, built from the sandbox's deterministic test
 * numbers (the contract's rules): area code 410 is not importable, numbers ending 9999 fail inside
 * the order, every other valid number is hosted.
 */

export type RequestKind =
  /** Importable numbers only, with an LOA: COMPLETE, one order, one LOA. */
  | 'clean'
  /** Importable numbers and one ending 9999, with an LOA: PARTIAL, one order, one LOA. */
  | 'partial'
  /** 410 numbers only: NOTHING_IMPORTABLE, no order. */
  | 'not-importable'
  /** 410 numbers beside importable ones, with an LOA: COMPLETE for the importable, one order, one LOA. */
  | 'mixed-not-importable'
  /** Numbers ending 9999 only, with an LOA: FAILED, one order, no LOA upload. */
  | 'all-failing'
  /** Importable numbers, no LOA: COMPLETE, one order, no LOA upload. */
  | 'loa-less';

export interface RequestSpec {
  /** The request id, sent as `customerOrderId`. */
  id: string;
  kind: RequestKind;
  telephoneNumbers: string[];
  /** Whether the request carries an LOA file. */
  loa: boolean;
}

/**
 * Hands out telephone numbers that no other request of the run uses, so every number's outcome
 * belongs to exactly one request. All are valid NANP numbers (area code and exchange 2-9).
 */
export class TestNumbers {
  private cleanCount = 0;
  private failingCount = 0;
  private notImportableCount = 0;

  /** Importable and ends hosted: 303-2xx-xxxx, never ending 9999. */
  clean(): string {
    let n: number;
    do n = 2_000_000 + this.cleanCount++;
    while (n % 10_000 === 9_999);
    if (n > 9_999_998) throw new RangeError('out of clean test numbers');
    return `303${n}`;
  }

  /** Passes the check, fails inside the order with 7518: 7aa-bbb-9999. */
  failing(): string {
    const k = this.failingCount++;
    const area = 720 + Math.floor(k / 800);
    if (area > 799) throw new RangeError('out of failing test numbers');
    return `${area}${200 + (k % 800)}9999`;
  }

  /** Not importable (19006): 410-xxx-xxxx. */
  notImportable(): string {
    const n = 2_000_000 + this.notImportableCount++;
    if (n > 9_999_999) throw new RangeError('out of not-importable test numbers');
    return `410${n}`;
  }
}

/** The numbers of one request of the given kind; `size` (1-3) varies the request's length. */
export function numbersFor(kind: RequestKind, numbers: TestNumbers, size: number): string[] {
  const some = (count: number, make: () => string) => Array.from({ length: count }, make);
  switch (kind) {
    case 'clean':
    case 'loa-less':
      return some(size, () => numbers.clean());
    case 'partial':
      return [...some(size, () => numbers.clean()), numbers.failing()];
    case 'not-importable':
      return some(size, () => numbers.notImportable());
    case 'mixed-not-importable':
      return [...some(size, () => numbers.clean()), numbers.notImportable()];
    case 'all-failing':
      return some(size, () => numbers.failing());
  }
}

/** The chaos suite's mix, in parts per 20: mostly clean, with every kind well represented. */
const MIX: ReadonlyArray<[RequestKind, number]> = [
  ['clean', 7],
  ['partial', 4],
  ['not-importable', 3],
  ['mixed-not-importable', 2],
  ['all-failing', 1],
  ['loa-less', 3],
];

/** `count` requests in the chaos mix, interleaved so every stretch of the run sees every kind. */
export function chaosRequests(count: number, idPrefix: string, numbers = new TestNumbers()): RequestSpec[] {
  const cycle = MIX.flatMap(([kind, parts]) => Array.from({ length: parts }, () => kind));
  // Spread each kind over the cycle rather than in runs: a stride coprime with its length.
  const stride = 7;
  return Array.from({ length: count }, (_, i) => {
    const kind = cycle[(i * stride) % cycle.length]!;
    // Half the not-importable requests carry an LOA: it must then be reported, never uploaded.
    const loa = kind === 'loa-less' ? false : kind === 'not-importable' ? i % 2 === 0 : true;
    return { id: `${idPrefix}-${i + 1}`, kind, telephoneNumbers: numbersFor(kind, numbers, 1 + (i % 3)), loa };
  });
}

/** The LOA file of a request: a tiny PDF, distinct per request. */
export function loaFileOf(spec: RequestSpec): { contentType: 'application/pdf'; filename: string; data: string } {
  return {
    contentType: 'application/pdf',
    filename: `${spec.id}-loa.pdf`,
    data: Buffer.from(`%PDF-1.4\n% ${spec.id}\n%%EOF\n`).toString('base64'),
  };
}

/** The `POST /v1/hosting-requests` body of a request (the contract's example subscriber). */
export function hostingRequestBodyOf(spec: RequestSpec): Record<string, unknown> {
  return {
    telephoneNumbers: spec.telephoneNumbers,
    siteId: '14413',
    sipPeerId: '521952',
    customerOrderId: spec.id,
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
    ...(spec.loa ? { loa: loaFileOf(spec) } : {}),
  };
}
