import { BandwidthError, BandwidthXmlError } from './errors.js';
import { segment } from './location.js';
import { assign } from './optional-fields.js';
import { describeErrors } from './status-errors.js';
import type { Transport } from './transport.js';
import type { DownloadedLoa, LoaFile, LoaUpload, NumberError } from './types.js';
import type { ParsedXml } from './xml-parser.js';
import { childElements, childText, elementAt } from './xml-reader.js';

/** The file types Bandwidth accepts for LOA documents. */
export const LOA_CONTENT_TYPES = [
  'application/pdf',
  'text/plain',
  'image/jpeg',
  'image/png',
  'image/tiff',
  'text/csv',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
] as const;

/** `application/PDF; name=x` → `application/pdf`. */
export function mediaTypeOf(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

export function isAcceptedLoaContentType(contentType: string): boolean {
  return (LOA_CONTENT_TYPES as readonly string[]).includes(mediaTypeOf(contentType));
}

function loasPath(orderId: string, endpoint: string): string {
  return `/importTnOrders/${segment(orderId, endpoint)}/loas`;
}

/** File endpoints report failure as a non-zero resultCode, even on a 2xx. */
function resultError(parsed: ParsedXml | undefined): NumberError | undefined {
  const code = childText(parsed?.root, 'resultCode');
  if (code === undefined || code === '0') return undefined;
  return { code, description: childText(parsed?.root, 'resultMessage') ?? '', telephoneNumbers: [] };
}

export async function uploadLoa(transport: Transport, orderId: string, file: LoaUpload): Promise<{ filename: string }> {
  const endpoint = 'POST /importTnOrders/{orderId}/loas';
  if (!isAcceptedLoaContentType(file.contentType)) {
    // Refused here: Bandwidth would reject it anyway, and a retry could never succeed.
    throw new BandwidthError(
      `${endpoint}: Bandwidth does not accept LOA files of type ${JSON.stringify(mediaTypeOf(file.contentType))}`,
      {
        code: 'BANDWIDTH_UNSUPPORTED_FILE_TYPE',
        retryable: false,
        endpoint,
      },
    );
  }
  const searchParams = new URLSearchParams();
  if (file.documentType !== undefined) searchParams.set('documentType', file.documentType);
  const response = await transport.send({
    method: 'POST',
    path: loasPath(orderId, endpoint),
    template: '/importTnOrders/{orderId}/loas',
    searchParams,
    body: { contentType: file.contentType.trim(), data: file.data },
  });
  const parsed = transport.readXml(response);
  const rejected = resultError(parsed);
  if (rejected !== undefined) {
    throw new BandwidthError(`Bandwidth rejected the file sent to ${endpoint}${describeErrors([rejected])}`, {
      code: 'BANDWIDTH_FILE_REJECTED',
      status: response.status,
      retryable: false,
      errors: [rejected],
      endpoint,
    });
  }
  const filename = childText(parsed?.root, 'filename');
  if (filename === undefined) {
    throw new BandwidthXmlError('BANDWIDTH_XML_INVALID', `${endpoint} answered without a <filename>`, { endpoint });
  }
  return { filename };
}

export async function listLoas(transport: Transport, orderId: string): Promise<LoaFile[]> {
  const endpoint = 'GET /importTnOrders/{orderId}/loas';
  const response = await transport.send({
    method: 'GET',
    path: loasPath(orderId, endpoint),
    template: '/importTnOrders/{orderId}/loas',
    searchParams: new URLSearchParams({ metadata: 'true' }),
  });
  const parsed = transport.readXml(response);
  const failed = resultError(parsed);
  if (failed !== undefined) {
    throw new BandwidthError(`Bandwidth could not list the files of ${endpoint}${describeErrors([failed])}`, {
      code: 'BANDWIDTH_FILE_ERROR',
      status: response.status,
      retryable: false,
      errors: [failed],
      endpoint,
    });
  }
  return childElements(parsed?.root, 'fileData').flatMap((data) => {
    const fileName = childText(data, 'FileName');
    if (fileName === undefined) return [];
    const file: LoaFile = { fileName };
    assign(file, 'documentType', childText(elementAt(data, 'FileMetaData'), 'DocumentType'));
    return [file];
  });
}

export async function downloadLoa(transport: Transport, orderId: string, fileName: string): Promise<DownloadedLoa> {
  const endpoint = 'GET /importTnOrders/{orderId}/loas/{fileName}';
  const response = await transport.send({
    method: 'GET',
    path: `${loasPath(orderId, endpoint)}/${segment(fileName, endpoint)}`,
    template: '/importTnOrders/{orderId}/loas/{fileName}',
    accept: '*/*',
  });
  return {
    contentType: response.headers['content-type'] ?? 'application/octet-stream',
    data: new Uint8Array(response.body.buffer, response.body.byteOffset, response.body.byteLength),
  };
}

export async function deleteLoa(transport: Transport, orderId: string, fileName: string): Promise<void> {
  const endpoint = 'DELETE /importTnOrders/{orderId}/loas/{fileName}';
  const response = await transport.send({
    method: 'DELETE',
    path: `${loasPath(orderId, endpoint)}/${segment(fileName, endpoint)}`,
    template: '/importTnOrders/{orderId}/loas/{fileName}',
  });
  const failed = resultError(transport.readXml(response));
  if (failed !== undefined) {
    throw new BandwidthError(`Bandwidth could not delete the file at ${endpoint}${describeErrors([failed])}`, {
      code: 'BANDWIDTH_FILE_ERROR',
      status: response.status,
      retryable: false,
      errors: [failed],
      endpoint,
    });
  }
}
