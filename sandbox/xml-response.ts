import type { Response } from 'express';
import { API_XML_DECLARATION, renderXml, type XmlElement } from './xml-build.js';

export const XML_CONTENT_TYPE = 'application/xml; charset=utf-8';

export function sendXml(
  res: Response,
  status: number,
  root: XmlElement,
  declaration: string = API_XML_DECLARATION,
): void {
  res.status(status).set('Content-Type', XML_CONTENT_TYPE).send(renderXml(root, declaration));
}
