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
  // Unspecified, loopback and the deprecated IPv4-compatible range (::a.b.c.d).
  ["::", 96],
  ["fc00::", 7],
  ["fe80::", 10],
  // Site-local (deprecated, still routed inside some networks).
  ["fec0::", 10],
  ["ff00::", 8],
  ["2001:db8::", 32],
  // Teredo: an obfuscated IPv4 inside.
  ["2001::", 32],
  // Local-use NAT64.
  ["64:ff9b:1::", 48],
] as const)
  blocked.addSubnet(addr, prefix, "ipv6");

/** The eight 16-bit groups of an IPv6 address (dotted IPv4 tails and `::` expanded); null if not IPv6. */
function ipv6Groups(address: string): number[] | null {
  if (!net.isIPv6(address)) return null;
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split(".").map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].map((g) => Number.parseInt(g, 16));
}

const v4Of = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/**
 * IPv4 inside IPv6 is judged as the IPv4 it carries, however it is written: IPv4-mapped
 * (`::ffff:10.0.0.1`, `::ffff:a00:1`), NAT64 (`64:ff9b::a9fe:a9fe`) and 6to4 (`2002:a9fe:a9fe::`).
 */
function embeddedV4(address: string): string | null {
  const g = ipv6Groups(address);
  if (!g) return null;
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && g[5] === 0xffff) return v4Of(g[6]!, g[7]!);
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return v4Of(g[6]!, g[7]!);
  if (g[0] === 0x2002) return v4Of(g[1]!, g[2]!);
  return null;
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
