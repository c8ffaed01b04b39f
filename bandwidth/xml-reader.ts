import { fromWireNumber } from './dialect.js';
import { BandwidthXmlError } from './errors.js';
import { isXmlElement, type ParsedXml, type XmlElement, type XmlValue } from './xml-parser.js';

/*
 * Navigation over parsed XML that tolerates what Bandwidth really sends: names in mixed casing
 * (`OrderId` next to `lastModifiedDate`), one element where a list was expected, elements in any
 * order, and empty elements such as `<Errors/>`.
 */

function valuesNamed(node: unknown, name: string): XmlValue[] {
  if (!isXmlElement(node)) return [];
  const wanted = name.toLowerCase();
  const found: XmlValue[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key.toLowerCase() !== wanted) continue;
    if (Array.isArray(value)) found.push(...value);
    else found.push(value);
  }
  return found;
}

/** Every child element called `name` (case-insensitive); empty elements are skipped. */
export function childElements(node: unknown, name: string): XmlElement[] {
  return valuesNamed(node, name).filter(isXmlElement);
}

/** The first child element called `name`, if any. */
export function childElement(node: unknown, name: string): XmlElement | undefined {
  return childElements(node, name)[0];
}

/** Follows a path of element names, taking the first match at each step. */
export function elementAt(node: unknown, ...path: string[]): XmlElement | undefined {
  let current: unknown = node;
  for (const name of path) {
    current = childElement(current, name);
    if (current === undefined) return undefined;
  }
  return isXmlElement(current) ? current : undefined;
}

function textOfValue(value: XmlValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (isXmlElement(value)) {
    const text = value['#text'];
    return typeof text === 'string' ? text : undefined;
  }
  return undefined;
}

/** Text of every child called `name`, empty ones dropped. */
export function childTexts(node: unknown, name: string): string[] {
  return valuesNamed(node, name)
    .map(textOfValue)
    .filter((text): text is string => text !== undefined && text.trim() !== '')
    .map((text) => text.trim());
}

/** Text of the first child called `name`; absent and empty read alike, as `undefined`. */
export function childText(node: unknown, name: string): string | undefined {
  return childTexts(node, name)[0];
}

/** Like {@link childText}, but a missing value means the document is not what Bandwidth promises. */
export function requiredText(node: unknown, name: string, context: { what: string; endpoint?: string }): string {
  const text = childText(node, name);
  if (text === undefined) {
    throw new BandwidthXmlError(
      'BANDWIDTH_XML_INVALID',
      `${context.what} has no <${name}>`,
      context.endpoint === undefined ? {} : { endpoint: context.endpoint },
    );
  }
  return text;
}

/**
 * Numbers under `<TelephoneNumbers><TelephoneNumber>` (or `<TelephoneNumber>` directly), as
 * strings, read back to hostflow's 10 digits whichever form Bandwidth wrote (`+1…` in v2).
 */
export function telephoneNumbersOf(node: unknown): string[] {
  const lists = childElements(node, 'TelephoneNumbers');
  const numbers = lists.flatMap((list) => childTexts(list, 'TelephoneNumber'));
  return (numbers.length > 0 ? numbers : childTexts(node, 'TelephoneNumber')).map(fromWireNumber);
}

/**
 * Every number under a list element whatever its inner shape: `<X><TelephoneNumber>`,
 * `<X><TelephoneNumbers><TelephoneNumber>` or `<X><TelephoneNumbers>+1…</TelephoneNumbers>`
 * (the shapes Bandwidth's documents disagree on for `ImpactedTelephoneNumbers` and
 * `CompletedTelephoneNumbers`). Duplicates are dropped, document order kept.
 */
export function numbersUnder(node: unknown): string[] {
  const found = [
    ...childTexts(node, 'TelephoneNumber'),
    ...childTexts(node, 'TelephoneNumbers'),
    ...childElements(node, 'TelephoneNumbers').flatMap((list) => childTexts(list, 'TelephoneNumber')),
  ].map(fromWireNumber);
  return [...new Set(found)];
}

/** Parses an optional integer element, ignoring anything that is not one. */
export function childInteger(node: unknown, name: string): number | undefined {
  const text = childText(node, name);
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  return Number(text);
}

/** The element called `name`: the root itself, or a child of a wrapping root (`…Response`). */
export function rootOrChild(parsed: ParsedXml | undefined, name: string): XmlElement | undefined {
  if (parsed === undefined) return undefined;
  if (parsed.rootName.toLowerCase() === name.toLowerCase()) return parsed.root;
  return childElement(parsed.root, name);
}
