export default async function globalTeardown() {
  await globalThis.__policyscopeEmbedded?.stop();
}
