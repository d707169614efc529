import { networkInterfaces } from 'node:os';

/**
 * This machine's address as Curator's `ServiceInstance.builder()` picks one: the first address that is not a loopback
 * one (we prefer IPv4, then IPv6 that is not link-local); `null` when there is none.
 */
export function localAddress(): string | null {
  const addresses = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  const external = addresses.filter((entry) => !entry.internal);
  const v4 = external.find((entry) => entry.family === 'IPv4');
  if (v4 !== undefined) return v4.address;
  const v6 = external.find((entry) => entry.family === 'IPv6' && !entry.address.toLowerCase().startsWith('fe80'));
  return v6?.address ?? null;
}
