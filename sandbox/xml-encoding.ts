/**
 * The encodings the sandbox writes XML answers in. Bandwidth answers UTF-8, but an SDK fixture shows
 * a document declared `<?xml version="1.0" encoding="ISO-8859-1" standalone="yes"?>`; a client must
 * decode by the declaration, so the sandbox can answer that way too (option or fault).
 */
export const XML_ENCODINGS = ['UTF-8', 'ISO-8859-1'] as const;
export type XmlEncoding = (typeof XML_ENCODINGS)[number];

export function isXmlEncoding(value: unknown): value is XmlEncoding {
  return typeof value === 'string' && (XML_ENCODINGS as readonly string[]).includes(value);
}

/** The declaration Bandwidth puts on its API answers, in the given encoding. */
export function apiXmlDeclaration(encoding: XmlEncoding): string {
  return `<?xml version="1.0" encoding="${encoding}" standalone="yes"?>`;
}

export function xmlContentType(encoding: XmlEncoding): string {
  return `application/xml; charset=${encoding === 'UTF-8' ? 'utf-8' : encoding}`;
}

/**
 * The bytes of an XML document. In ISO-8859-1 every character past U+00FF (which Latin-1 cannot
 * hold) is written as a character reference, so the document still says the same thing.
 */
export function encodeXml(text: string, encoding: XmlEncoding): Buffer {
  if (encoding === 'UTF-8') return Buffer.from(text, 'utf8');
  let latin1 = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    latin1 += code > 0xff ? `&#x${code.toString(16)};` : char;
  }
  return Buffer.from(latin1, 'latin1');
}
