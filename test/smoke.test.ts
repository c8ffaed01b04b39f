import { Connection } from '@temporalio/client';

test('the real Temporal dev server answers', async () => {
  const connection = await Connection.connect({ address: process.env.TEMPORAL_TEST_ADDRESS! });
  const info = await connection.workflowService.getSystemInfo({});
  expect(info.capabilities).toBeDefined();
  await connection.close();
});
