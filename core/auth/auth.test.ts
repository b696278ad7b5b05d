import { describe, expect, it } from "vitest";
import { SignInSchema, UsernameSchema } from "./credentials";
import { hashPassword, verifyPassword } from "./password";
import { roleAtLeast } from "./roles";
import { backoffMs, clientAddressKey, throttleKeys } from "./sign-in-throttle";
import { apiTokenPrefix, hashSecret, newApiToken, newOneTimePassword, newSessionSecret } from "./tokens";

const cheap = { N: 1024, r: 8, p: 1 };

describe("passwords", () => {
  it("verifies the right password and rejects a wrong one", async () => {
    const h = await hashPassword("correct horse battery staple", cheap);
    expect(h).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword("correct horse battery staple", h)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", h)).toBe(false);
  });

  it("salts every hash", async () => {
    expect(await hashPassword("same", cheap)).not.toBe(await hashPassword("same", cheap));
  });

  it("never verifies against a malformed hash", async () => {
    for (const bad of [
      "",
      "plain",
      "scrypt$1$2$3",
      "bcrypt$10$8$1$abc$def",
      "scrypt$x$8$1$abc$def",
      "scrypt$1024$8$1$abc$",
    ]) {
      expect(await verifyPassword("x", bad)).toBe(false);
    }
  });

  it("uses the default cost when none is given", async () => {
    const h = await hashPassword("default cost password");
    expect(h.startsWith("scrypt$32768$8$1$")).toBe(true);
    expect(await verifyPassword("default cost password", h)).toBe(true);
  });
});

describe("secrets", () => {
  it("are long, distinct, and hashed deterministically", () => {
    const a = newSessionSecret();
    expect(a.length).toBeGreaterThanOrEqual(43);
    expect(a).not.toBe(newSessionSecret());
    expect(hashSecret(a)).toBe(hashSecret(a));
    expect(hashSecret(a)).toHaveLength(64);
    expect(newApiToken().startsWith(apiTokenPrefix)).toBe(true);
    expect(newOneTimePassword()).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
  });
});

describe("roles", () => {
  it("orders viewer < operator < admin", () => {
    expect(roleAtLeast("admin", "operator")).toBe(true);
    expect(roleAtLeast("operator", "operator")).toBe(true);
    expect(roleAtLeast("viewer", "operator")).toBe(false);
  });
});

describe("credentials", () => {
  it("normalizes usernames", () => {
    expect(UsernameSchema.parse("  Alice.Ops ")).toBe("alice.ops");
    expect(UsernameSchema.safeParse("a").success).toBe(false);
    expect(UsernameSchema.safeParse("bad name").success).toBe(false);
    expect(SignInSchema.parse({ username: " Admin", password: "x" }).username).toBe("admin");
  });
});

describe("sign-in throttle rules", () => {
  const p = { free: 5, baseMs: 1000, maxMs: 60_000, resetMs: 3600_000 };

  it("backs off exponentially after the free attempts, capped (never a lockout)", () => {
    expect([0, 4, 5, 6, 7, 11, 12, 1000].map((n) => backoffMs(n, p))).toEqual([
      0, 0, 1000, 2000, 4000, 60_000, 60_000, 60_000,
    ]);
  });

  it("counts under the client address first, then the user from it, then the user", () => {
    expect(throttleKeys({ username: "Admin", address: "::ffff:10.0.0.7" })).toEqual([
      { kind: "perAddress", key: "addr:10.0.0.7" },
      { kind: "perUserAddress", key: "user-addr:admin|10.0.0.7" },
      { kind: "perUser", key: "user:admin" },
    ]);
    expect(throttleKeys({ username: "a", address: null })).toEqual([{ kind: "perUser", key: "user:a" }]);
  });

  it("keys IPv6 clients by their /64", () => {
    expect(clientAddressKey("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(clientAddressKey("2001:0db8:0001:0002:ffff:1:2:3")).toBe("2001:db8:1:2::/64");
    expect(clientAddressKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(clientAddressKey("::1")).toBe("0:0:0:0::/64");
    expect(clientAddressKey("203.0.113.9")).toBe("203.0.113.9");
  });
});
