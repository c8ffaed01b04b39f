import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { errors } from './error-codes.js';
import { responseStatusError } from './errors.js';

/** A parsed element: text, or children by name (a repeated child becomes a list). */
export type XmlValue = string | XmlNode | XmlValue[];
export interface XmlNode {
  [name: string]: XmlValue;
}

// Numbers stay strings (a parser that turns 0195551234 into a number corrupts it); attributes,
// comments and processing instructions carry nothing the sandbox reads.
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** Entity declarations are how XML bombs and external-entity reads start: refuse them outright. */
const FORBIDDEN_DECLARATION = /<!\s*(DOCTYPE|ENTITY)/i;

/**
 * Parses a request body and checks its root element. Anything else is a 400 in Bandwidth's
 * `ResponseStatus` shape under `responseRoot`.
 */
export function readRequestXml(body: unknown, expectedRoot: string, responseRoot: string): XmlNode {
  const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : '';
  // Bandwidth documents no code for an unreadable body: 1019 is its generic "bad request".
  const refuse = (detail: string) => responseStatusError(400, responseRoot, errors.badRequest(detail));
  if (FORBIDDEN_DECLARATION.test(text)) throw refuse('DOCTYPE and ENTITY declarations are not accepted.');
  if (text.trim() === '') throw refuse('The body is empty.');
  const validation = XMLValidator.validate(text);
  if (validation !== true) throw refuse(`The body is not well-formed XML: ${validation.err.msg}`);
  const document = parser.parse(text) as XmlNode;
  const roots = Object.keys(document);
  if (roots.length !== 1) throw refuse('The body is not well-formed XML: expected exactly one root element.');
  if (roots[0] !== expectedRoot) throw refuse(`The request body must be a <${expectedRoot}> document.`);
  const root = document[expectedRoot];
  // An empty root (`<X/>`) parses as '' — treat it as an element without children.
  return isNode(root) ? root : {};
}

export function isNode(value: XmlValue | undefined): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of a single child; absent, repeated or structured children give undefined. */
export function childText(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[name];
  return typeof value === 'string' ? value : undefined;
}

export function childNode(node: XmlNode | undefined, name: string): XmlNode | undefined {
  const value = node?.[name];
  if (value === '') return {};
  return isNode(value) ? value : undefined;
}

/** Every occurrence of a child as a list: one child and many are treated alike. */
export function childList(node: XmlNode | undefined, name: string): XmlValue[] {
  const value = node?.[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The texts of a repeated child (e.g. `TelephoneNumber`); structured entries become ''. */
export function childTexts(node: XmlNode | undefined, name: string): string[] {
  return childList(node, name).map((value) => (typeof value === 'string' ? value : ''));
}
