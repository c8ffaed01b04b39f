export default async function globalTeardown() {
  await Promise.all([globalThis.__hostflowDevServer?.stop(), globalThis.__hostflowPostgres?.stop()]);
}
