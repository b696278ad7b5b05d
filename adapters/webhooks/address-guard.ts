/**
 * Where a webhook may point. Receiver URLs come from configuration, but a URL that resolves to
 * a private, loopback or link-local address would let whoever controls the URL (or its DNS) make
 * the notifier call internal services (SSRF). The check runs on the address actually connected
 * to (see http-post.ts), so DNS rebinding cannot get around it. `allowed` lists exceptions
 * (tests allow 127.0.0.1/32; an on-premises receiver may need its subnet).
 */
import net from "node:net";

const blocked = new net.BlockList();
for (const [addr, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  blocked.addSubnet(addr, prefix, "ipv4");
for (const [addr, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
  ["2001:db8::", 32],
] as const)
  blocked.addSubnet(addr, prefix, "ipv6");

/** IPv4 inside IPv6 (`::ffff:10.0.0.1`, NAT64 `64:ff9b::10.0.0.1`) is judged as the IPv4 it carries. */
function embeddedV4(address: string): string | null {
  const m = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1]! : null;
}

export interface AddressGuard {
  /** Null when `address` (an IP) may be connected to, else the reason it may not. */
  reject(address: string): string | null;
}

/** @param allowed CIDRs exempt from the check, e.g. `127.0.0.1/32` (default none) */
export function createAddressGuard(allowed: readonly string[] = []): AddressGuard {
  const allow = new net.BlockList();
  for (const cidr of allowed) {
    const [addr, bits] = cidr.split("/");
    const type = net.isIPv6(addr!) ? "ipv6" : "ipv4";
    allow.addSubnet(addr!, Number(bits), type);
  }
  return {
    reject(address) {
      const v4 = embeddedV4(address);
      const ip = v4 ?? address;
      const type = net.isIPv6(ip) ? "ipv6" : net.isIPv4(ip) ? "ipv4" : null;
      if (!type) return `not an IP address: ${address}`;
      if (allow.check(ip, type)) return null;
      if (blocked.check(ip, type))
        return `${address} is a private, loopback or link-local address (allow it in alerting.yaml global.allowed_networks)`;
      return null;
    },
  };
}
