import { describe, expect, it } from "vitest";
import { credentialVerdict } from "./credential-verdict";

const row = { expired: false, revoked: false, idle: false, role: "operator" as const };
const user = { disabled: false, mustChangePassword: false };

describe("credentialVerdict", () => {
  it("a valid credential keeps its role", () => {
    expect(credentialVerdict({ credential: "session", row, user })).toEqual({ role: "operator" });
  });
  it("a disabled user reads access-changed even once the session row is gone (admin's cut and re-check agree)", () => {
    const disabled = { ...user, disabled: true };
    expect(credentialVerdict({ credential: "session", row: null, user: disabled })).toEqual({
      ended: "access-changed",
    });
    expect(credentialVerdict({ credential: "token", row, user: disabled })).toEqual({
      ended: "access-changed",
    });
  });
  it("a password reset by an admin (one-time password) and a deleted user read access-changed", () => {
    expect(
      credentialVerdict({ credential: "session", row: null, user: { ...user, mustChangePassword: true } }),
    ).toEqual({
      ended: "access-changed",
    });
    expect(credentialVerdict({ credential: "token", row: null, user: null })).toEqual({
      ended: "access-changed",
    });
  });
  it("otherwise the credential's own state: signed out, revoked, expired, idle", () => {
    expect(credentialVerdict({ credential: "session", row: null, user })).toEqual({ ended: "signed-out" });
    expect(credentialVerdict({ credential: "token", row: null, user })).toEqual({ ended: "revoked" });
    expect(credentialVerdict({ credential: "token", row: { ...row, revoked: true }, user })).toEqual({
      ended: "revoked",
    });
    expect(credentialVerdict({ credential: "session", row: { ...row, expired: true }, user })).toEqual({
      ended: "expired",
    });
    expect(credentialVerdict({ credential: "session", row: { ...row, idle: true }, user })).toEqual({
      ended: "idle",
    });
  });
});
