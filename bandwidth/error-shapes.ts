import type { NumberError } from './types.js';
import { isXmlElement, type XmlElement } from './xml-parser.js';
import { childElements, childText, telephoneNumbersOf } from './xml-reader.js';

/*
 * Bandwidth reports errors in five shapes, depending on endpoint and age of the API:
 *   1. <…Response><ResponseStatus><ErrorCode/><Description/></ResponseStatus>
 *   2. repeated sibling <Errors><Code/><Description/></Errors> directly under the root
 *   3. <Errors><Error><Code/><Description/><TelephoneNumbers/></Error></Errors>
 *   4. <ErrorList><Error><Code/><Description/></Error></ErrorList>
 *   5. <resultCode/><resultMessage/> on the file endpoints (0 means success)
 * All become NumberError entries, in document order.
 */

function fromErrorElement(element: XmlElement, codeName: string): NumberError | undefined {
  const code = childText(element, codeName);
  const description = childText(element, 'Description') ?? childText(element, 'Message');
  if (code === undefined && description === undefined) return undefined;
  return { code: code ?? '', description: description ?? '', telephoneNumbers: telephoneNumbersOf(element) };
}

function collect(node: XmlElement, found: NumberError[]): void {
  for (const [key, value] of Object.entries(node)) {
    const name = key.toLowerCase();
    const elements = (Array.isArray(value) ? value : [value]).filter(isXmlElement);
    if (name === 'responsestatus') {
      for (const element of elements) pushDefined(found, fromErrorElement(element, 'ErrorCode'));
    } else if (name === 'errors' || name === 'errorlist') {
      for (const element of elements) {
        pushDefined(found, fromErrorElement(element, 'Code'));
        for (const error of childElements(element, 'Error')) pushDefined(found, fromErrorElement(error, 'Code'));
      }
    } else if (name === 'resultcode') {
      const code = childText(node, key);
      if (code !== undefined && code !== '0') {
        found.push({ code, description: childText(node, 'resultMessage') ?? '', telephoneNumbers: [] });
      }
    } else {
      for (const element of elements) collect(element, found);
    }
  }
}

function pushDefined(list: NumberError[], error: NumberError | undefined): void {
  if (error !== undefined) list.push(error);
}

/** Every Bandwidth error found anywhere in the document, whichever shape it came in. */
export function readBandwidthErrors(root: XmlElement): NumberError[] {
  const found: NumberError[] = [];
  collect(root, found);
  return found;
}
