/** Stops the shared server started by global-setup. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__sharedZookeeper?.stop();
  globalThis.__sharedZookeeper = undefined;
}
