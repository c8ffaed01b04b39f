import { BandwidthError, BandwidthXmlError } from './errors.js';
import { segment } from './location.js';
import { assign } from './optional-fields.js';
import { describeErrors } from './status-errors.js';
import type { Transport } from './transport.js';
import type { CallOptions, DownloadedLoa, LoaFile, LoaUpload, NumberError } from './types.js';
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

/** `{importTnOrders}/{orderId}/loas`, below the dialect's import-order path (v2: `/importTnOrders/messaging`). */
function loasPath(transport: Transport, orderId: string, endpoint: string): string {
  return `${transport.paths.importTnOrders}/${segment(orderId, endpoint)}/loas`;
}

function loasTemplate(transport: Transport, rest = ''): string {
  return `${transport.paths.importTnOrders}/{orderId}/loas${rest}`;
}

/** File endpoints report failure as a non-zero resultCode, even on a 2xx. */
function resultError(parsed: ParsedXml | undefined): NumberError | undefined {
  const code = childText(parsed?.root, 'resultCode');
  if (code === undefined || code === '0') return undefined;
  return { code, description: childText(parsed?.root, 'resultMessage') ?? '', telephoneNumbers: [] };
}

export async function uploadLoa(
  transport: Transport,
  orderId: string,
  file: LoaUpload,
  options: CallOptions = {},
): Promise<{ filename: string }> {
  const template = loasTemplate(transport);
  const endpoint = `POST ${template}`;
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
    path: loasPath(transport, orderId, endpoint),
    template,
    searchParams,
    body: { contentType: file.contentType.trim(), data: file.data },
    ...options,
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

export async function listLoas(transport: Transport, orderId: string, options: CallOptions = {}): Promise<LoaFile[]> {
  const template = loasTemplate(transport);
  const endpoint = `GET ${template}`;
  const response = await transport.send({
    method: 'GET',
    path: loasPath(transport, orderId, endpoint),
    template,
    searchParams: new URLSearchParams({ metadata: 'true' }),
    ...options,
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

export async function downloadLoa(
  transport: Transport,
  orderId: string,
  fileName: string,
  options: CallOptions = {},
): Promise<DownloadedLoa> {
  const template = loasTemplate(transport, '/{fileName}');
  const endpoint = `GET ${template}`;
  const response = await transport.send({
    method: 'GET',
    path: `${loasPath(transport, orderId, endpoint)}/${segment(fileName, endpoint)}`,
    template,
    accept: '*/*',
    ...options,
  });
  return {
    contentType: response.headers['content-type'] ?? 'application/octet-stream',
    data: new Uint8Array(response.body.buffer, response.body.byteOffset, response.body.byteLength),
  };
}

export async function deleteLoa(
  transport: Transport,
  orderId: string,
  fileName: string,
  options: CallOptions = {},
): Promise<void> {
  const template = loasTemplate(transport, '/{fileName}');
  const endpoint = `DELETE ${template}`;
  const response = await transport.send({
    method: 'DELETE',
    path: `${loasPath(transport, orderId, endpoint)}/${segment(fileName, endpoint)}`,
    template,
    ...options,
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
