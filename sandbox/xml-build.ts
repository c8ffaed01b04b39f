/**
 * A small XML builder: the sandbox writes a handful of fixed shapes, so a tree of elements rendered
 * with escaping is all it needs (and it keeps element order exactly as Bandwidth's examples show).
 */
export interface XmlElement {
  readonly name: string;
  readonly children: readonly XmlChild[];
}
export type XmlChild = XmlElement | string;
/** What `el` accepts as children: absent values are skipped and nested lists are flattened. */
export type XmlChildInput = XmlChild | undefined | null | false | readonly XmlChildInput[];

/** The declaration Bandwidth puts on its API answers. */
export const API_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
/** The shorter declaration Bandwidth puts on callback bodies and some GET answers. */
export const PLAIN_XML_DECLARATION = '<?xml version="1.0"?>';

export function el(name: string, ...children: XmlChildInput[]): XmlElement {
  const flat: XmlChild[] = [];
  const add = (child: XmlChildInput): void => {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) {
      for (const nested of child as readonly XmlChildInput[]) add(nested);
      return;
    }
    flat.push(child as XmlChild);
  };
  for (const child of children) add(child);
  return { name, children: flat };
}

/** An element only when the value is present, for optional fields. */
export function optionalEl(name: string, value: string | undefined): XmlElement | undefined {
  return value === undefined ? undefined : el(name, value);
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => {
    switch (char) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&apos;';
    }
  });
}

function renderElement(element: XmlElement, depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  const { name, children } = element;
  if (children.length === 0) {
    lines.push(`${indent}<${name}/>`);
    return;
  }
  if (children.every((child) => typeof child === 'string')) {
    lines.push(`${indent}<${name}>${escapeXml(children.join(''))}</${name}>`);
    return;
  }
  lines.push(`${indent}<${name}>`);
  for (const child of children) {
    if (typeof child === 'string') lines.push(`${indent}  ${escapeXml(child)}`);
    else renderElement(child, depth + 1, lines);
  }
  lines.push(`${indent}</${name}>`);
}

export function renderXml(root: XmlElement, declaration: string = API_XML_DECLARATION): string {
  const lines = [declaration];
  renderElement(root, 0, lines);
  return `${lines.join('\n')}\n`;
}
