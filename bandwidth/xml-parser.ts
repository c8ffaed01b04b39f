import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { BandwidthXmlError } from './errors.js';
import { decodeXmlBytes } from './xml-encoding.js';
import { decodeXmlEntities } from './xml-entities.js';

/** A parsed element: child name → text, element, or a list of them (for list elements). */
export type XmlValue = string | XmlElement | XmlValue[];
export interface XmlElement {
  [name: string]: XmlValue;
}

/**
 * Elements that may repeat. Parsing them as arrays always means one element and many read alike
 * (a single `<TelephoneNumber>` must not turn into a string where a list was expected).
 * Compared lower-case because Bandwidth mixes casing.
 */
const LIST_ELEMENTS = new Set(
  [
    'TelephoneNumber',
    'ImportTnError',
    'Errors',
    'Error',
    'ImportTnOrderSummary',
    'RemoveImportedTnOrderSummary',
    'fileData',
    'Subscription',
    'OrderHistory',
  ].map((name) => name.toLowerCase()),
);

// Entities stay unprocessed by the parser: with DOCTYPE refused up front only the five predefined
// entities and character references can occur, and those are decoded here in one pass.
const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  // Values stay strings: "0195551234" must not become 195551234.
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  isArray: (tagName) => LIST_ELEMENTS.has(tagName.toLowerCase()),
  tagValueProcessor: (_tagName, value) => decodeXmlEntities(value),
});

/** DOCTYPE (and with it ENTITY) declarations open the door to entity expansion and external entities. */
const UNSAFE_DECLARATION = /<!\s*(DOCTYPE|ENTITY)/i;

export const DEFAULT_MAX_XML_BYTES = 10 * 1024 * 1024;

export interface ParsedXml {
  /** The root element's name as written. */
  rootName: string;
  root: XmlElement;
}

export interface ParseXmlOptions {
  maxBytes?: number;
  /** Named in error messages when the document was a Bandwidth answer. */
  endpoint?: string;
}

/**
 * Reads one XML document with a single root element, refusing anything unsafe or oversized. Bytes
 * are decoded as their XML declaration says (UTF-8 by default); an encoding this client does not
 * know is a BandwidthXmlError `BANDWIDTH_XML_UNSUPPORTED_ENCODING`, bytes invalid in theirs
 * `BANDWIDTH_XML_INVALID`.
 */
export function parseXml(body: string | Uint8Array, options: ParseXmlOptions = {}): ParsedXml {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_XML_BYTES;
  const errorOptions = options.endpoint === undefined ? {} : { endpoint: options.endpoint };
  const size = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.byteLength;
  if (size > maxBytes) {
    throw new BandwidthXmlError(
      'BANDWIDTH_XML_TOO_LARGE',
      `XML document of ${size} bytes exceeds the limit of ${maxBytes}`,
      errorOptions,
    );
  }

  // Bytes are decoded by their BOM or XML declaration (ISO-8859-1 documents exist); text is already decoded.
  let text = typeof body === 'string' ? body : decodeXmlBytes(body, errorOptions);
  text = text.replace(/^\uFEFF/, '');

  if (UNSAFE_DECLARATION.test(text)) {
    throw new BandwidthXmlError(
      'BANDWIDTH_XML_UNSAFE',
      'XML document declares a DOCTYPE or ENTITY, which is refused',
      errorOptions,
    );
  }

  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    throw new BandwidthXmlError(
      'BANDWIDTH_XML_INVALID',
      `XML document is malformed: ${msg} (line ${line}, column ${col ?? '?'})`,
      errorOptions,
    );
  }

  let document: unknown;
  try {
    document = parser.parse(text);
  } catch (cause) {
    throw new BandwidthXmlError('BANDWIDTH_XML_INVALID', 'XML document could not be parsed', {
      ...errorOptions,
      cause,
    });
  }

  // Repeated roots of one name come back as an array, so they are counted per value.
  const roots = (typeof document === 'object' && document !== null ? Object.entries(document) : []).flatMap(
    ([name, value]: [string, unknown]) =>
      (Array.isArray(value) ? value : [value]).map((element: unknown) => [name, element] as const),
  );
  const [first] = roots;
  if (roots.length !== 1 || first === undefined) {
    throw new BandwidthXmlError(
      'BANDWIDTH_XML_INVALID',
      `XML document must have exactly one root element, found ${roots.length}`,
      errorOptions,
    );
  }
  const [rootName, rootValue] = first;
  const root: XmlElement = isXmlElement(rootValue) ? rootValue : {};
  return { rootName, root };
}

export function isXmlElement(value: unknown): value is XmlElement {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
