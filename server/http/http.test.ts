import { describe, expect, it } from "vitest";
import { parseCookies, serializeCookie } from "./respond";
import { queryObject, route } from "./route";

describe("cookies", () => {
  it("parses, keeps the first of a duplicate, and survives bad escapes", () => {
    expect(parseCookies("a=1; lw_session=abc%3D; a=2; bad=%E0%A4%A")).toEqual({ a: "1", lw_session: "abc=" });
    expect(parseCookies(undefined)).toEqual({});
  });

  it("serializes a session cookie the browser keeps to this site", () => {
    const c = serializeCookie("lw_session", "x y", { maxAgeSec: 3600, secure: true });
    expect(c).toBe("lw_session=x%20y; Path=/; Max-Age=3600; SameSite=Lax; HttpOnly; Secure");
  });
});

describe("routes", () => {
  const r = route("GET", "/api/v1/shops/:id", { access: "viewer" }, async () => ({}));

  it("matches the pattern and decodes parameters", () => {
    expect(r.match("GET", "/api/v1/shops/42")).toEqual({ id: "42" });
    expect(r.match("HEAD", "/api/v1/shops/42")).toEqual({ id: "42" });
    expect(
      route("GET", "/e/:name", { access: "viewer" }, async () => ({})).match("GET", "/e/POST%20%2Fx"),
    ).toEqual({
      name: "POST /x",
    });
  });

  it("does not match other methods, lengths or malformed escapes", () => {
    expect(r.match("POST", "/api/v1/shops/42")).toBeNull();
    expect(r.match("GET", "/api/v1/shops")).toBeNull();
    expect(r.match("GET", "/api/v1/shops/42/x")).toBeNull();
    expect(r.match("GET", "/api/v1/shops/%E0%A4%A")).toBeNull();
  });

  it("turns repeated query keys into arrays", () => {
    expect(queryObject(new URL("http://x/?shopId=1&shopId=2&q=a"))).toEqual({ shopId: ["1", "2"], q: "a" });
  });
});
