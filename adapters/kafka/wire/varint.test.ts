import { describe, expect, it } from "vitest";
import { varintSize, writeVarint } from "./varint";

const enc = (v: number) => {
  const b = new Uint8Array(5);
  return [...b.subarray(0, writeVarint(b, 0, v))];
};

describe("zig-zag varints", () => {
  it.each([
    [0, [0x00]],
    [-1, [0x01]],
    [1, [0x02]],
    [63, [0x7e]],
    [-64, [0x7f]],
    [64, [0x80, 0x01]],
    [-65, [0x81, 0x01]],
    [300, [0xd8, 0x04]],
    [2 ** 31 - 1, [0xfe, 0xff, 0xff, 0xff, 0x0f]],
    [-(2 ** 31), [0xff, 0xff, 0xff, 0xff, 0x0f]],
  ])("%i encodes as %j", (value, bytes) => {
    expect(enc(value)).toEqual(bytes);
    expect(varintSize(value)).toBe(bytes.length);
  });
});
