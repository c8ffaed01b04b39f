import { sandboxFixture } from './helpers.js';

const fixture = sandboxFixture();
afterEach(() => fixture.stop());

const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');

describe('LOA files', () => {
  test('an uploaded LOA is named {orderId}-{epochMillis}.pdf, listed and recorded on the order', async () => {
    const caller = await fixture.start();
    const orderId = await caller.createOrder(['3032281000']);
    const before = Date.now();
    const upload = await caller.call('POST', `importTnOrders/${orderId}/loas`, {
      body: pdf,
      contentType: 'application/pdf',
    });
    expect(upload.status).toBe(201);
    const answer = upload.xml.fileUploadResponse;
    expect(answer.resultCode).toBe('0');
    expect(answer.resultMessage).toBe(`LOA file uploaded successfully for order ${orderId}`);
    const stamp = Number(new RegExp(`^${orderId}-(\\d+)\\.pdf$`).exec(answer.filename)?.[1]);
    expect(stamp).toBeGreaterThanOrEqual(before - 1000);

    const list = await caller.get(`importTnOrders/${orderId}/loas?metadata=true`);
    expect(list.status).toBe(200);
    expect(list.xml.fileListResponse).toEqual({
      fileCount: '1',
      fileData: [{ FileName: answer.filename, FileMetaData: { DocumentName: answer.filename, DocumentType: 'LOA' } }],
      resultCode: '0',
      resultMessage: expect.any(String),
    });
    const [order] = await caller.inspect<Array<{ loas: unknown }>>('orders');
    expect(order?.loas).toEqual([{ filename: answer.filename, contentType: 'application/pdf', bytes: pdf.length }]);
  });

  test('an unsupported type is refused and nothing is recorded', async () => {
    const caller = await fixture.start();
    const orderId = await caller.createOrder(['3032281000']);
    const upload = await caller.call('POST', `importTnOrders/${orderId}/loas`, {
      body: '<html/>',
      contentType: 'text/html',
    });
    expect(upload.status).toBe(415);
    expect(upload.xml.fileUploadResponse.resultCode).not.toBe('0');
    expect(upload.xml.fileUploadResponse.resultMessage).toMatch(/text\/html/);
    const [order] = await caller.inspect<Array<{ loas: unknown[] }>>('orders');
    expect(order?.loas).toEqual([]);
  });

  test('an empty file and an unknown order are refused', async () => {
    const caller = await fixture.start();
    const orderId = await caller.createOrder(['3032281000']);
    expect(
      (
        await caller.call('POST', `importTnOrders/${orderId}/loas`, {
          body: Buffer.alloc(0),
          contentType: 'application/pdf',
        })
      ).status,
    ).toBe(400);
    const unknown = await caller.call('POST', 'importTnOrders/b05de7e6-0cab-4c83-81bb-9379cba8efd0/loas', {
      body: pdf,
      contentType: 'application/pdf',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.xml.fileUploadResponse.resultCode).not.toBe('0');
  });

  test('a file can be fetched, its metadata read and changed, and deleted', async () => {
    const caller = await fixture.start();
    const orderId = await caller.createOrder(['3032281000']);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const filename = (
      await caller.call('POST', `importTnOrders/${orderId}/loas?documentType=OTHER`, {
        body: png,
        contentType: 'image/png',
      })
    ).xml.fileUploadResponse.filename as string;
    expect(filename).toMatch(/\.png$/);

    const file = await fetch(caller.account(`importTnOrders/${orderId}/loas/${filename}`), {
      headers: { Authorization: 'Basic c2FuZGJveDpzYW5kYm94' },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer())).toEqual(png);

    const metadata = await caller.get(`importTnOrders/${orderId}/loas/${filename}/metadata`);
    expect(metadata.xml.FileMetaData).toEqual({ DocumentName: filename, DocumentType: 'OTHER' });
    const update = await caller.call('PUT', `importTnOrders/${orderId}/loas/${filename}/metadata`, {
      body: '<FileMetaData><DocumentType>LOA</DocumentType></FileMetaData>',
    });
    expect(update.status).toBe(200);
    expect(
      (await caller.get(`importTnOrders/${orderId}/loas/${filename}/metadata`)).xml.FileMetaData.DocumentType,
    ).toBe('LOA');

    const removed = await caller.call('DELETE', `importTnOrders/${orderId}/loas/${filename}`);
    expect(removed.status).toBe(200);
    expect(removed.xml.fileUploadResponse.resultCode).toBe('0');
    expect((await caller.get(`importTnOrders/${orderId}/loas`)).xml.fileListResponse.fileCount).toBe('0');
    expect((await caller.get(`importTnOrders/${orderId}/loas/${filename}/metadata`)).status).toBe(404);
  });

  test('a file over 10 MiB is refused with 413', async () => {
    const caller = await fixture.start();
    const orderId = await caller.createOrder(['3032281000']);
    const answer = await caller.call('POST', `importTnOrders/${orderId}/loas`, {
      body: Buffer.alloc(10 * 1024 * 1024 + 1),
      contentType: 'application/pdf',
    });
    expect(answer.status).toBe(413);
    expect(answer.xml.fileUploadResponse.resultCode).not.toBe('0');
  });
});
