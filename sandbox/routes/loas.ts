import { Router, type Request } from 'express';
import { LOA_BODY_LIMIT, rawBody, xmlBody } from '../body-parsers.js';
import type { ApiGeneration } from '../api-generation.js';
import type { SandboxContext } from '../context.js';
import { SandboxHttpError } from '../errors.js';
import type { ImportOrder, LoaFile } from '../model.js';
import { el, type XmlElement } from '../xml-build.js';
import { childText, readRequestXml } from '../xml-parse.js';
import { sendXml } from '../xml-response.js';
import { findImportOrder } from './import-orders.js';

/** The file types Bandwidth accepts for LOAs, with the extension it gives the stored file. */
export const LOA_CONTENT_TYPES: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'text/plain': 'txt',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/tiff': 'tiff',
  'text/csv': 'csv',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
};
const DOCUMENT_TYPES = ['LOA', 'INVOICE', 'CSR', 'OTHER'];

// Bandwidth's file endpoints report failures through a non-zero resultCode.
const RESULT_FAILED = '1';

function fileResponse(resultCode: string, resultMessage: string, filename?: string): XmlElement {
  return el(
    'fileUploadResponse',
    filename !== undefined && el('filename', filename),
    el('resultCode', resultCode),
    el('resultMessage', resultMessage),
  );
}

function fileError(status: number, message: string): SandboxHttpError {
  return new SandboxHttpError(status, fileResponse(RESULT_FAILED, message), message, { code: `LOA_${status}` });
}

function mediaType(req: Request): string {
  return (req.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function findOrder(context: SandboxContext, req: Request): ImportOrder {
  try {
    return findImportOrder(context, req);
  } catch {
    throw fileError(404, `Order ${String(req.params.orderId)} was not found.`);
  }
}

function findFile(order: ImportOrder, req: Request): LoaFile {
  const file = order.loas.find((loa) => loa.filename === req.params.fileName);
  if (!file) throw fileError(404, `File ${String(req.params.fileName)} was not found for order ${order.orderId}.`);
  return file;
}

/** Reads the uploaded file: an accepted type and a non-empty body, else a Bandwidth-style refusal. */
function readUpload(req: Request): { contentType: string; content: Buffer } {
  const contentType = mediaType(req);
  if (!(contentType in LOA_CONTENT_TYPES)) {
    throw fileError(
      415,
      `Content type "${contentType || '(none)'}" is not supported; use one of ${Object.keys(LOA_CONTENT_TYPES).join(', ')}.`,
    );
  }
  const content = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (content.length === 0) throw fileError(400, 'The file is empty.');
  return { contentType, content };
}

function readDocumentType(req: Request): string {
  const value = req.query.documentType;
  const documentType = typeof value === 'string' ? value.toUpperCase() : 'LOA';
  if (!DOCUMENT_TYPES.includes(documentType))
    throw fileError(400, `documentType must be one of ${DOCUMENT_TYPES.join(', ')}.`);
  return documentType;
}

/**
 * `{importOrdersPath}/{orderId}/loas`: upload, list, fetch, replace and delete LOA files
 * (numbers_v2.yml: `/importTnOrders/messaging/{orderId}/loas[/{fileId}[/metadata]]` on v2).
 */
export function loaRoutes(context: SandboxContext, api: ApiGeneration): Router {
  const router = Router({ mergeParams: true });
  const base = api.importOrdersPath;
  const fileBody = rawBody(LOA_BODY_LIMIT, (error) => fileResponse(RESULT_FAILED, error.description));
  let lastStamp = 0;
  // `{orderId}-{epochMillis}.{ext}`; two uploads in the same millisecond still get distinct names.
  const newFilename = (order: ImportOrder, contentType: string): string => {
    lastStamp = Math.max(context.now().getTime(), lastStamp + 1);
    return `${order.orderId}-${lastStamp}.${LOA_CONTENT_TYPES[contentType]}`;
  };

  router.post(`${base}/:orderId/loas`, context.gate('uploadLoa'), fileBody, (req, res) => {
    const order = findOrder(context, req);
    const documentType = readDocumentType(req);
    const { contentType, content } = readUpload(req);
    const filename = newFilename(order, contentType);
    order.loas.push({
      filename,
      contentType,
      documentType,
      bytes: content.length,
      uploadedAt: context.now().toISOString(),
      contentBase64: content.toString('base64'),
    });
    context.store.changed();
    context.options.logger(
      `order ${order.orderId}: LOA ${filename} (${contentType}, ${content.length} bytes) uploaded`,
    );
    sendXml(res, 201, fileResponse('0', `LOA file uploaded successfully for order ${order.orderId}`, filename));
  });

  router.get(`${base}/:orderId/loas`, context.gate('listLoas'), (req, res) => {
    const order = findOrder(context, req);
    const withMetadata = String(req.query.metadata ?? '').toLowerCase() === 'true';
    const files = withMetadata
      ? order.loas.map((file) =>
          el(
            'fileData',
            el('FileName', file.filename),
            el('FileMetaData', el('DocumentName', file.filename), el('DocumentType', file.documentType)),
          ),
        )
      : order.loas.map((file) => el('fileNames', file.filename));
    sendXml(
      res,
      200,
      el(
        'fileListResponse',
        el('fileCount', String(order.loas.length)),
        files,
        el('resultCode', '0'),
        el('resultMessage', 'LOA file list successfully returned'),
      ),
    );
  });

  router.get(`${base}/:orderId/loas/:fileName`, context.gate('listLoas'), (req, res) => {
    const file = findFile(findOrder(context, req), req);
    res.status(200).set('Content-Type', file.contentType).send(Buffer.from(file.contentBase64, 'base64'));
  });

  router.put(`${base}/:orderId/loas/:fileName`, context.gate('uploadLoa'), fileBody, (req, res) => {
    const order = findOrder(context, req);
    const file = findFile(order, req);
    const { contentType, content } = readUpload(req);
    Object.assign(file, {
      contentType,
      bytes: content.length,
      contentBase64: content.toString('base64'),
      uploadedAt: context.now().toISOString(),
    });
    context.store.changed();
    sendXml(res, 200, fileResponse('0', `LOA file updated successfully for order ${order.orderId}`, file.filename));
  });

  router.delete(`${base}/:orderId/loas/:fileName`, context.gate('uploadLoa'), (req, res) => {
    const order = findOrder(context, req);
    const file = findFile(order, req);
    order.loas = order.loas.filter((loa) => loa !== file);
    context.store.changed();
    sendXml(res, 200, fileResponse('0', `LOA file deleted successfully for order ${order.orderId}`, file.filename));
  });

  router.get(`${base}/:orderId/loas/:fileName/metadata`, context.gate('listLoas'), (req, res) => {
    const file = findFile(findOrder(context, req), req);
    sendXml(res, 200, el('FileMetaData', el('DocumentName', file.filename), el('DocumentType', file.documentType)));
  });

  router.put(
    `${base}/:orderId/loas/:fileName/metadata`,
    context.gate('uploadLoa'),
    xmlBody('fileUploadResponse'),
    (req, res) => {
      const order = findOrder(context, req);
      const file = findFile(order, req);
      const metadata = readRequestXml(req.body, 'FileMetaData', 'fileUploadResponse');
      const documentType = (childText(metadata, 'DocumentType') ?? '').toUpperCase();
      if (!DOCUMENT_TYPES.includes(documentType))
        throw fileError(400, `DocumentType must be one of ${DOCUMENT_TYPES.join(', ')}.`);
      file.documentType = documentType;
      context.store.changed();
      sendXml(
        res,
        200,
        fileResponse('0', `LOA file metadata updated successfully for order ${order.orderId}`, file.filename),
      );
    },
  );

  return router;
}
