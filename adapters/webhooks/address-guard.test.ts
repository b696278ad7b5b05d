import { describe, expect, it } from "vitest";
import { createAddressGuard } from "./address-guard";

const guard = createAddressGuard();

describe("address guard (issue 16)", () => {
  it("address guard sees through NAT64 in hex, ::/96, fec0::/10 and 6to4 2002::/16", () => {
    for (const a of [
      "64:ff9b::a9fe:a9fe", // NAT64 of 169.254.169.254 (cloud metadata), hex form
      "64:ff9b::169.254.169.254",
      "::ffff:a9fe:a9fe", // IPv4-mapped, hex form
      "::a9fe:a9fe", // IPv4-compatible (::/96)
      "::127.0.0.1",
      "::",
      "::1",
      "fec0::1", // site-local
      "2002:a9fe:a9fe::1", // 6to4 of 169.254.169.254
      "2002:7f00:1::", // 6to4 of 127.0.0.1
      "2002:0a00:0001::5",
      "2001:0:4136:e378:8000:63bf:3fff:fdd2", // Teredo
    ])
      expect(guard.reject(a), a).not.toBeNull();
  });

  it("still lets public addresses through, in any spelling", () => {
    for (const a of [
      "93.184.216.34",
      "::ffff:5db8:d822",
      "64:ff9b::5db8:d822",
      "2002:5db8:d822::1",
      "2606:4700::1111",
    ])
      expect(guard.reject(a), a).toBeNull();
  });

  it("keeps the configured exceptions", () => {
    const g = createAddressGuard(["127.0.0.1/32"]);
    expect(g.reject("127.0.0.1")).toBeNull();
    expect(g.reject("::ffff:7f00:1")).toBeNull();
    expect(g.reject("127.0.0.2")).not.toBeNull();
  });
});
