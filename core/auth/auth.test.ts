import { describe, expect, it } from "vitest";
import { SignInSchema, UsernameSchema } from "./credentials";
import { hashPassword, verifyPassword } from "./password";
import { roleAtLeast } from "./roles";
import { createSignInThrottle } from "./sign-in-throttle";
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

describe("sign-in throttle", () => {
  it("refuses after the fifth failure within the window and forgives after it", () => {
    let now = 0;
    const t = createSignInThrottle({ clock: () => now, maxFailures: 5, windowMs: 60_000 });
    for (let i = 0; i < 4; i++) t.failed("admin");
    expect(t.retryAfterMs("admin")).toBe(0);
    t.failed("admin");
    expect(t.retryAfterMs("admin")).toBe(60_000);
    expect(t.retryAfterMs("alice")).toBe(0);
    now = 59_999;
    expect(t.retryAfterMs("admin")).toBe(1);
    now = 60_000;
    expect(t.retryAfterMs("admin")).toBe(0);
  });

  it("clears on success", () => {
    const t = createSignInThrottle({ maxFailures: 1 });
    t.failed("a");
    expect(t.retryAfterMs("a")).toBeGreaterThan(0);
    t.succeeded("a");
    expect(t.retryAfterMs("a")).toBe(0);
  });
});
