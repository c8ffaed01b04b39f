export default async function globalTeardown() {
  await globalThis.__hostflowDevServer?.stop();
}
