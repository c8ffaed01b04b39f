const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * XML 1.0's Char production. A reference to anything else (NUL, a lone surrogate such as
 * `&#xD800;`) is not a character: decoding it would put text into ids that is not valid UTF-8,
 * which Temporal refuses.
 */
function isXmlChar(codePoint: number): boolean {
  return (
    codePoint === 0x9 ||
    codePoint === 0xa ||
    codePoint === 0xd ||
    (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
    (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
    (codePoint >= 0x10000 && codePoint <= 0x10ffff)
  );
}

/**
 * Decodes the five predefined XML entities and numeric character references in one pass, so
 * `&amp;lt;` stays the text `&lt;`. Any other reference is left as written: without a DOCTYPE
 * (refused before parsing) no other entity can be defined.
 */
export function decodeXmlEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, reference: string) => {
    if (reference.startsWith('#')) {
      const codePoint =
        reference[1] === 'x' || reference[1] === 'X'
          ? parseInt(reference.slice(2), 16)
          : parseInt(reference.slice(1), 10);
      return isXmlChar(codePoint) ? String.fromCodePoint(codePoint) : whole;
    }
    return PREDEFINED[reference] ?? whole;
  });
}
