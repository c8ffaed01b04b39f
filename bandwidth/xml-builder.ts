import { XMLBuilder } from 'fast-xml-parser';

/** Element content: text, nested elements, a repeated element (array), or absent (`undefined`, omitted). */
export type XmlContent = string | number | XmlTree | XmlContent[] | undefined;
export interface XmlTree {
  [name: string]: XmlContent;
}

// One element per line, no indentation and no declaration: the layout of Bandwidth's own examples.
// The builder escapes text (&, <, >, quotes); absent (undefined) elements are left out.
const builder = new XMLBuilder({ format: true, indentBy: '', ignoreAttributes: true, processEntities: true });

/** Serialises `{ Root: {...} }`; key order is element order. */
export function buildXml(document: XmlTree): string {
  return builder.build(document) as string;
}

/** Optional text: `undefined` and empty strings are both "absent". */
export function optional(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** `<TelephoneNumbers><TelephoneNumber>…` */
export function telephoneNumbersElement(numbers: readonly string[]): XmlTree {
  return { TelephoneNumber: [...numbers] };
}
