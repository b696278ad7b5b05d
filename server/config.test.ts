import { describe, expect, it } from "vitest";
import { ConfigError } from "../core/errors";
import { readWebConfig } from "./config";

describe("readWebConfig", () => {
  it("applies the defaults", () => {
    const c = readWebConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.HOST).toBe("127.0.0.1");
    expect(c.LW_SECURE_COOKIES).toBe(false);
    expect(c.LW_WEB_INSTANCE_ID).toMatch(/^web-.+-3000$/);
  });

  it("names the bad setting", () => {
    expect(() => readWebConfig({ PORT: "http" })).toThrow(ConfigError);
    expect(() => readWebConfig({ PORT: "70000" })).toThrow(/PORT/);
    expect(() => readWebConfig({ LW_SECURE_COOKIES: "yes" })).toThrow(/LW_SECURE_COOKIES/);
  });

  it("Secure cookie flag is on by default when the public URL is https (issue 16)", () => {
    expect(readWebConfig({ LW_PUBLIC_URL: "https://lw.example.com/" })).toMatchObject({
      LW_PUBLIC_URL: "https://lw.example.com",
      LW_SECURE_COOKIES: true,
    });
    expect(readWebConfig({ LW_PUBLIC_URL: "http://127.0.0.1:3000" }).LW_SECURE_COOKIES).toBe(false);
    expect(
      readWebConfig({ LW_PUBLIC_URL: "https://lw.example.com", LW_SECURE_COOKIES: "0" }).LW_SECURE_COOKIES,
    ).toBe(false);
    expect(() => readWebConfig({ LW_PUBLIC_URL: "ftp://x" })).toThrow(/LW_PUBLIC_URL/);
  });

  it("reads flags", () => {
    expect(readWebConfig({ LW_SECURE_COOKIES: "1", LW_WEB_DEV: "true" })).toMatchObject({
      LW_SECURE_COOKIES: true,
      LW_WEB_DEV: true,
    });
  });
});
