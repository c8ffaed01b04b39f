import { BandwidthXmlError } from './errors.js';

/*
 * XML bytes are decoded the way XML 1.0 (section 4.3.3 and appendix F) says: a byte order mark
 * first, else the `encoding` of the XML declaration, else UTF-8. Bandwidth serves some documents
 * as `<?xml version="1.0" encoding="ISO-8859-1" standalone="yes"?>`, so reading every answer as
 * UTF-8 would turn "Café" into invalid bytes. The Content-Type charset is not consulted: the
 * declaration is what Bandwidth's own documents use to say it.
 */

type Decoder = (bytes: Uint8Array) => string;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const strictUtf16le = new TextDecoder('utf-16le', { fatal: true });
const strictUtf16be = new TextDecoder('utf-16be', { fatal: true });
/*
 * windows-1252 is ISO-8859-1 with printable characters in 0x80–0x9F. Node's TextDecoder reads
 * that label as ISO-8859-1 (0x80 becomes U+0080, not €), so the 27 differences are mapped here;
 * the five bytes windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) keep their C1 code points.
 */
const WINDOWS_1252_HIGH: Record<number, number> = {
  0x80: 0x20ac,
  0x82: 0x201a,
  0x83: 0x0192,
  0x84: 0x201e,
  0x85: 0x2026,
  0x86: 0x2020,
  0x87: 0x2021,
  0x88: 0x02c6,
  0x89: 0x2030,
  0x8a: 0x0160,
  0x8b: 0x2039,
  0x8c: 0x0152,
  0x8e: 0x017d,
  0x91: 0x2018,
  0x92: 0x2019,
  0x93: 0x201c,
  0x94: 0x201d,
  0x95: 0x2022,
  0x96: 0x2013,
  0x97: 0x2014,
  0x98: 0x02dc,
  0x99: 0x2122,
  0x9a: 0x0161,
  0x9b: 0x203a,
  0x9c: 0x0153,
  0x9e: 0x017e,
  0x9f: 0x0178,
};

function windows1252(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(WINDOWS_1252_HIGH[byte] ?? byte);
  return text;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** ISO-8859-1 maps every byte to the code point of the same value (WHATWG's label would mean windows-1252). */
const latin1: Decoder = (bytes) => asBuffer(bytes).toString('latin1');

const usAscii: Decoder = (bytes) => {
  const high = bytes.findIndex((byte) => byte > 0x7f);
  if (high >= 0) throw new RangeError(`byte 0x${bytes[high]?.toString(16)} at offset ${high} is not US-ASCII`);
  return asBuffer(bytes).toString('latin1');
};

interface Encoding {
  name: string;
  decode: Decoder;
}

const UTF8: Encoding = { name: 'UTF-8', decode: (bytes) => strictUtf8.decode(bytes) };
const UTF16LE: Encoding = { name: 'UTF-16LE', decode: (bytes) => strictUtf16le.decode(bytes) };
const UTF16BE: Encoding = { name: 'UTF-16BE', decode: (bytes) => strictUtf16be.decode(bytes) };

const ENCODINGS: ReadonlyArray<Encoding & { labels: readonly string[] }> = [
  { labels: ['utf-8', 'utf8'], ...UTF8 },
  {
    labels: ['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'latin-1', 'l1', 'cp819', 'ibm819', 'iso-ir-100'],
    name: 'ISO-8859-1',
    decode: latin1,
  },
  { labels: ['us-ascii', 'ascii', 'iso646-us'], name: 'US-ASCII', decode: usAscii },
  { labels: ['windows-1252', 'cp1252', 'x-cp1252'], name: 'windows-1252', decode: windows1252 },
  { labels: ['utf-16le'], ...UTF16LE },
  { labels: ['utf-16be'], ...UTF16BE },
];

function encodingNamed(label: string): Encoding | undefined {
  const wanted = label.trim().toLowerCase();
  return ENCODINGS.find((encoding) => encoding.labels.includes(wanted));
}

/** `encoding="…"` of an XML declaration at the very start of the text, if there is one. */
export function declaredEncoding(head: string): string | undefined {
  const declaration = /^\s*<\?xml\s[^?]*\?>/.exec(head)?.[0];
  if (declaration === undefined) return undefined;
  return /\sencoding\s*=\s*(?:"([^"]*)"|'([^']*)')/
    .exec(declaration)
    ?.slice(1)
    .find((v) => v !== undefined);
}

interface ErrorContext {
  endpoint?: string;
}

/** Decodes an XML document's bytes by its BOM, else its declaration, else as UTF-8; never guesses. */
export function decodeXmlBytes(bytes: Uint8Array, context: ErrorContext = {}): string {
  const options = context.endpoint === undefined ? {} : { endpoint: context.endpoint };
  let chosen: Encoding;
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    chosen = UTF8;
    body = bytes.subarray(3);
  } else if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    chosen = UTF16LE;
    body = bytes.subarray(2);
  } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    chosen = UTF16BE;
    body = bytes.subarray(2);
  } else {
    // Every encoding accepted here writes the declaration's ASCII as ASCII, so it can be read as Latin-1.
    const head = asBuffer(bytes.subarray(0, 256)).toString('latin1');
    const label = declaredEncoding(head);
    if (label === undefined || label.trim() === '') {
      chosen = UTF8;
    } else {
      const known = encodingNamed(label);
      if (known === undefined) {
        throw new BandwidthXmlError(
          'BANDWIDTH_XML_UNSUPPORTED_ENCODING',
          `XML document declares an encoding this client cannot read: ${JSON.stringify(label.slice(0, 40))}`,
          options,
        );
      }
      chosen = known;
    }
  }
  try {
    return chosen.decode(body);
  } catch (cause) {
    throw new BandwidthXmlError('BANDWIDTH_XML_INVALID', `XML document is not valid ${chosen.name}`, {
      ...options,
      cause,
    });
  }
}
