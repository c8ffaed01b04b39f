import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { BandwidthError, LOA_CONTENT_TYPES } from '../../bandwidth/index.js';
import {
  BASIC_HEADER,
  XML_HEADERS,
  fixture,
  rejectionOf,
  startFakeBandwidth,
  type FakeBandwidth,
} from './bandwidth-test-kit.js';

let bandwidth: FakeBandwidth;
const ORDER_ID = '63097af1-37ae-432f-8a0d-9b0e6517a35b';
const LOAS = `/importTnOrders/${ORDER_ID}/loas`;
// Bytes that are not valid UTF-8, so a text round trip would corrupt them.
const PDF_BYTES = Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a, 0xff, 0xfe, 0x00, 0x80, 0x9c]);

beforeAll(async () => {
  bandwidth = await startFakeBandwidth();
});
afterAll(async () => {
  await bandwidth.close();
});
beforeEach(() => {
  bandwidth.requests.length = 0;
});

describe('uploadLoa', () => {
  test('sends the raw bytes with the file content type and reads the filename', async () => {
    bandwidth.onAccount('POST', LOAS, { status: 201, headers: XML_HEADERS, body: fixture('loa-upload-response.xml') });

    const result = await bandwidth
      .client()
      .uploadLoa(ORDER_ID, { contentType: 'application/pdf', data: PDF_BYTES, documentType: 'LOA' });

    expect(result).toEqual({ filename: '63097af1-37ae-432f-8a0d-9b0e6517a35b-1429550165581.pdf' });
    const [request] = bandwidth.requests;
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe(bandwidth.accountPath(LOAS));
    expect(request?.query.get('documentType')).toBe('LOA');
    expect(request?.headers['content-type']).toBe('application/pdf');
    expect(request?.headers['authorization']).toBe(BASIC_HEADER);
    expect(new Uint8Array(request?.body ?? [])).toEqual(PDF_BYTES);
  });

  test('sends no documentType when none is given', async () => {
    bandwidth.onAccount('POST', LOAS, { status: 201, headers: XML_HEADERS, body: fixture('loa-upload-response.xml') });

    await bandwidth.client().uploadLoa(ORDER_ID, { contentType: 'image/png', data: PDF_BYTES });

    expect(bandwidth.requests[0]?.query.has('documentType')).toBe(false);
    expect(bandwidth.requests[0]?.headers['content-type']).toBe('image/png');
  });

  test('a non-zero resultCode on a 201 is a permanent BANDWIDTH_FILE_REJECTED', async () => {
    bandwidth.onAccount('POST', LOAS, { status: 201, headers: XML_HEADERS, body: fixture('loa-upload-rejected.xml') });

    const error = await rejectionOf(
      bandwidth.client().uploadLoa(ORDER_ID, { contentType: 'application/pdf', data: PDF_BYTES }),
    );

    expect(error).toBeInstanceOf(BandwidthError);
    expect(error).toMatchObject({
      code: 'BANDWIDTH_FILE_REJECTED',
      status: 201,
      retryable: false,
      endpoint: 'POST /importTnOrders/{orderId}/loas',
      errors: [{ code: '1', description: 'File is empty or could not be read.', telephoneNumbers: [] }],
    });
  });

  test('a 400 with resultCode carries the code', async () => {
    bandwidth.onAccount('POST', LOAS, { status: 400, headers: XML_HEADERS, body: fixture('error-result-code.xml') });

    await expect(
      bandwidth.client().uploadLoa(ORDER_ID, { contentType: 'application/pdf', data: PDF_BYTES }),
    ).rejects.toMatchObject({
      code: 'BANDWIDTH_BAD_REQUEST',
      retryable: false,
      errors: [{ code: '2' }],
    });
  });

  test.each(['application/zip', 'text/html', 'application/octet-stream', ''])(
    'refuses %j before any call',
    async (contentType) => {
      const error = await rejectionOf(bandwidth.client().uploadLoa(ORDER_ID, { contentType, data: PDF_BYTES }));

      expect(error).toMatchObject({
        name: 'BandwidthError',
        code: 'BANDWIDTH_UNSUPPORTED_FILE_TYPE',
        retryable: false,
      });
      expect(bandwidth.requests).toHaveLength(0);
    },
  );

  test('accepts every type Bandwidth lists, whatever the casing or parameters', async () => {
    bandwidth.onAccount('POST', LOAS, { status: 201, headers: XML_HEADERS, body: fixture('loa-upload-response.xml') });

    for (const type of LOA_CONTENT_TYPES) {
      await bandwidth.client().uploadLoa(ORDER_ID, { contentType: type, data: PDF_BYTES });
    }
    await bandwidth.client().uploadLoa(ORDER_ID, { contentType: 'Text/Plain; charset=utf-8', data: PDF_BYTES });

    expect(bandwidth.requests.map((request) => request.headers['content-type'])).toEqual([
      ...LOA_CONTENT_TYPES,
      'Text/Plain; charset=utf-8',
    ]);
  });
});

describe('listLoas', () => {
  test('reads file names and document types from fileListResponse', async () => {
    bandwidth.onAccount('GET', LOAS, { status: 200, headers: XML_HEADERS, body: fixture('loa-file-list.xml') });

    const files = await bandwidth.client().listLoas(ORDER_ID);

    expect(files).toEqual([
      { fileName: '63097af1-37ae-432f-8a0d-9b0e6517a35b-1429550165581.pdf', documentType: 'LOA' },
      { fileName: '63097af1-37ae-432f-8a0d-9b0e6517a35b-1429550199999.png' },
    ]);
    expect(bandwidth.requests[0]?.query.get('metadata')).toBe('true');
  });

  test('one file reads as a list of one', async () => {
    bandwidth.onAccount('GET', LOAS, { status: 200, headers: XML_HEADERS, body: fixture('loa-file-list-single.xml') });

    await expect(bandwidth.client().listLoas(ORDER_ID)).resolves.toEqual([
      { fileName: '63097af1-37ae-432f-8a0d-9b0e6517a35b-1429550165581.pdf', documentType: 'INVOICE' },
    ]);
  });
});

describe('downloadLoa and deleteLoa', () => {
  const FILE = '63097af1-37ae-432f-8a0d-9b0e6517a35b-1429550165581.pdf';

  test('downloads the exact bytes and their content type', async () => {
    bandwidth.onAccount('GET', `${LOAS}/${FILE}`, {
      status: 200,
      headers: { 'content-type': 'application/pdf' },
      body: Buffer.from(PDF_BYTES),
    });

    const file = await bandwidth.client().downloadLoa(ORDER_ID, FILE);

    expect(file.contentType).toBe('application/pdf');
    expect(new Uint8Array(file.data)).toEqual(PDF_BYTES);
    expect(bandwidth.requests[0]?.headers['accept']).toBe('*/*');
  });

  test('deletes the named file', async () => {
    bandwidth.onAccount('DELETE', `${LOAS}/${FILE}`, { status: 200 });

    await bandwidth.client().deleteLoa(ORDER_ID, FILE);

    expect(bandwidth.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `DELETE ${bandwidth.accountPath(`${LOAS}/${FILE}`)}`,
    ]);
  });

  test('deleting a file that does not exist is BANDWIDTH_NOT_FOUND', async () => {
    bandwidth.onAccount('DELETE', `${LOAS}/missing.pdf`, {
      status: 404,
      headers: XML_HEADERS,
      body: fixture('error-result-code.xml'),
    });

    await expect(bandwidth.client().deleteLoa(ORDER_ID, 'missing.pdf')).rejects.toMatchObject({
      code: 'BANDWIDTH_NOT_FOUND',
      errors: [{ code: '2' }],
    });
  });
});
