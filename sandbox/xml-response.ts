import type { Response } from 'express';
import { renderXml, type XmlElement } from './xml-build.js';
import { apiXmlDeclaration, encodeXml, xmlContentType, type XmlEncoding } from './xml-encoding.js';

/** The content type of callbacks, which are always UTF-8. */
export const XML_CONTENT_TYPE = xmlContentType('UTF-8');

/** Where the app's middleware leaves the encoding of this request's XML answer. */
export interface XmlResponseLocals {
  xmlEncoding?: XmlEncoding;
}

export function responseEncoding(res: Response): XmlEncoding {
  return (res.locals as XmlResponseLocals).xmlEncoding ?? 'UTF-8';
}

/** Renders an answer document with Bandwidth's API declaration, in the request's encoding. */
export function renderAnswer(res: Response, root: XmlElement): Buffer {
  const encoding = responseEncoding(res);
  return encodeXml(renderXml(root, apiXmlDeclaration(encoding)), encoding);
}

export function sendXml(res: Response, status: number, root: XmlElement): void {
  sendXmlBytes(res, status, renderAnswer(res, root));
}

/** Sends a document rendered earlier (by `renderAnswer`). */
export function sendXmlBytes(res: Response, status: number, bytes: Buffer): void {
  res
    .status(status)
    .set('Content-Type', xmlContentType(responseEncoding(res)))
    .send(bytes);
}
