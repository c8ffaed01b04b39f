import { errors as bandwidthErrors, type BandwidthError } from './error-codes.js';
import { responseStatusBody, siblingErrorElements } from './errors.js';
import { seededStream } from './prng.js';
import { el, type XmlChild, type XmlElement } from './xml-build.js';

/**
 * How the sandbox words its answers.
 *  - `seed`: exactly as the seed document's examples (the default).
 *  - `varied`: as Bandwidth's current spec, SDK fixtures and real accounts answer — every way the
 *    seed is not the whole truth (see `docs/bandwidth-endpoints.md`). Only variations the
 *    documents show: what an answer means never changes, only how it is written.
 *  - `v2`: an account on the Universal Platform (numbers_v2.yml): hosted messaging only under
 *    `/api/v2/accounts/{id}/…/messaging`, numbers E.164; the v1 hosted-messaging paths answer 404,
 *    so a client that uses the wrong generation fails loudly. Written as the seed's examples.
 */
export const DIALECTS = ['seed', 'varied', 'v2'] as const;
export type DialectName = (typeof DIALECTS)[number];

export function isDialectName(value: string): value is DialectName {
  return (DIALECTS as readonly string[]).includes(value);
}

/** Which optional parts an import order answer carries. */
export interface OrderExtras {
  /** `ServiceAddress/Country` and `ServiceAddress/AddressType`. */
  addressDetails: boolean;
  loaType: boolean;
  /** `<SipPeerId>` after `<Errors/>` rather than after `<SiteId>`. */
  sipPeerIdLast: boolean;
}

export interface Dialect {
  readonly name: DialectName;
  /** A Universal Platform account: no hosted messaging on the v1 bases. */
  readonly v2Only: boolean;
  /**
   * The TN option order list: numbers_v2.yml wraps `<TnOptionOrders>` in
   * `<TnOptionOrderReportResponse>`; the Ruby SDK's fixture has the bare `<TnOptionOrders>`.
   */
  readonly wrapsTnOptionList: boolean;
  /** Root of the `POST importTnOrders` answer: the docs' singular or the current spec's plural. */
  readonly importOrderCreateRoot: string;
  orderExtras(shape: 'created' | 'fetched'): OrderExtras;
  /**
   * Element order of an answer. `key` makes it deterministic: the same key (an order id and the
   * kind of answer, say) always gives the same order.
   */
  arrange(element: XmlElement, key: string): XmlElement;
  /** The body of an importTnChecker 400 (Bandwidth answers it in two shapes). */
  checkerRefusal(root: string, problems: readonly BandwidthError[]): XmlElement;
}

// Any fixed number: it only has to make the varied order the same from run to run.
const ARRANGEMENT_SEED = 0x5eed;

const seedDialect: Dialect = {
  name: 'seed',
  v2Only: false,
  wrapsTnOptionList: true,
  importOrderCreateRoot: 'ImportTnOrderResponse',
  // The seed's create answer has neither; its poll example adds Country/AddressType and puts
  // SipPeerId after <Errors/>. Neither shows LoaType.
  orderExtras: (shape) => ({ addressDetails: shape === 'fetched', loaType: false, sipPeerIdLast: shape === 'fetched' }),
  arrange: (element) => element,
  checkerRefusal: (root, problems) => el(root, siblingErrorElements(problems)),
};

const variedDialect: Dialect = {
  name: 'varied',
  v2Only: false,
  wrapsTnOptionList: false,
  // The current spec and the SDK fixtures name it ImportTnOrdersResponse.
  importOrderCreateRoot: 'ImportTnOrdersResponse',
  // Real bodies add Country, AddressType and LoaType, and put SipPeerId after <Errors/>.
  orderExtras: () => ({ addressDetails: true, loaType: true, sipPeerIdLast: true }),
  arrange: (element, key) => shuffled(element, seededStream(ARRANGEMENT_SEED, key), true),
  checkerRefusal: (root, problems) => {
    // <ResponseStatus> holds one code: the first problem's, with every description.
    const first = problems[0] ?? bandwidthErrors.noNumbers();
    return responseStatusBody(root, {
      code: first.code,
      description: problems.map((problem) => problem.description).join(' ') || first.description,
    });
  },
};

const v2Dialect: Dialect = { ...seedDialect, name: 'v2', v2Only: true };

export function dialectNamed(name: DialectName): Dialect {
  switch (name) {
    case 'varied':
      return variedDialect;
    case 'v2':
      return v2Dialect;
    case 'seed':
      return seedDialect;
  }
}

/** Children that are a record (distinct names), not a list: only those have an order to vary. */
function isRecord(children: readonly XmlChild[]): children is readonly XmlElement[] {
  if (children.length < 2 || children.some((child) => typeof child === 'string')) return false;
  const names = new Set((children as readonly XmlElement[]).map((child) => child.name));
  return names.size === children.length;
}

/**
 * A copy of the tree with the children of every record element in a shuffled order (lists such as
 * `<TelephoneNumbers>` keep theirs). The top element never keeps its written order, so an answer
 * always differs from the seed's; `<SipPeerId>` then follows `<Errors>`, as real answers show it.
 */
function shuffled(element: XmlElement, random: () => number, top: boolean): XmlElement {
  let children = element.children.map((child) => (typeof child === 'string' ? child : shuffled(child, random, false)));
  if (isRecord(children)) {
    const original = children;
    const order = [...children];
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let arranged = sipPeerIdAfterErrors(order);
    if (top && arranged.every((child, i) => child === original[i]))
      arranged = sipPeerIdAfterErrors([...order.slice(1), order[0]!]);
    children = arranged;
  }
  return { name: element.name, children };
}

function sipPeerIdAfterErrors(children: XmlElement[]): XmlElement[] {
  const sipPeerId = children.find((child) => child.name === 'SipPeerId');
  if (!sipPeerId || !children.some((child) => child.name === 'Errors')) return children;
  const rest = children.filter((child) => child !== sipPeerId);
  rest.splice(rest.findIndex((child) => child.name === 'Errors') + 1, 0, sipPeerId);
  return rest;
}
