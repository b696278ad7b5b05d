import { describe, expect, it } from "vitest";
import { roomOf, ViewRequestSchema, viewOfRoom } from "./views";

describe("rooms", () => {
  it("maps each view to a room and back", () => {
    const views = [
      { kind: "overview" },
      { kind: "chain" },
      { kind: "city" },
      { kind: "alerts" },
      { kind: "shop", shopId: 42 },
      { kind: "endpoint", endpoint: "POST /voucher/claim" },
    ].map((v) => ViewRequestSchema.parse(v));
    for (const v of views) expect(viewOfRoom(roomOf(v))).toEqual(v);
    expect(roomOf({ kind: "shop", shopId: 42 })).toBe("shop:42");
  });

  it("rejects names no view maps to", () => {
    for (const bad of ["", "shops", "shop:", "shop:abc", "shop:-1", "overview:1", "endpoint:"]) {
      expect(viewOfRoom(bad)).toBeNull();
    }
  });

  it("rejects malformed subscriptions", () => {
    expect(ViewRequestSchema.safeParse({ kind: "shop", shopId: 1.5 }).success).toBe(false);
    expect(ViewRequestSchema.safeParse({ kind: "shop" }).success).toBe(false);
    expect(ViewRequestSchema.safeParse({ kind: "admin" }).success).toBe(false);
    expect(ViewRequestSchema.safeParse({ kind: "overview", extra: true }).success).toBe(false);
  });
});
