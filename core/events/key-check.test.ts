import { describe, expect, it } from "vitest";
import { keyMatchesShop } from "./key-check";

const at = (text: string) => {
  const b = Buffer.from(`xx${text}yy`);
  return (shopId: number) => keyMatchesShop(b, 2, 2 + Buffer.byteLength(text), shopId);
};

describe("keyMatchesShop", () => {
  it("accepts the shop id's decimal form and a null key", () => {
    expect(at("5")(5)).toBe(true);
    expect(at("241129")(241129)).toBe(true);
    expect(at("0")(0)).toBe(true);
    expect(keyMatchesShop(Buffer.alloc(0), -1, -1, 7)).toBe(true);
  });

  it("refuses another shop, leading zeros, signs, spaces, an empty key and overlong digits", () => {
    expect(at("5")(9)).toBe(false);
    expect(at("05")(5)).toBe(false);
    expect(at("+5")(5)).toBe(false);
    expect(at(" 5")(5)).toBe(false);
    expect(at("")(0)).toBe(false);
    expect(at("1234567890123456")(1234567890123456)).toBe(false);
  });
});
