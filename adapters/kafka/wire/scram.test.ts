import { describe, expect, it } from "vitest";
import { KafkaAuthenticationError } from "./errors";
import { createScramClient } from "./scram";

// RFC 7677 section 3: the SCRAM-SHA-256 exchange for user "user", password "pencil".
const rfc7677 = {
  nonce: "rOprNGfwEbeRWgbNEkqO",
  clientFirst: "n,,n=user,r=rOprNGfwEbeRWgbNEkqO",
  serverFirst: "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
  clientFinal:
    "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=",
  serverFinal: "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
};

describe("SCRAM client", () => {
  const client = () =>
    createScramClient({ hash: "sha256", username: "user", password: "pencil", nonce: rfc7677.nonce });

  it("produces the RFC 7677 messages and accepts the server's signature", () => {
    const c = client();
    expect(c.first()).toBe(rfc7677.clientFirst);
    expect(c.final(rfc7677.serverFirst)).toBe(rfc7677.clientFinal);
    expect(() => c.verify(rfc7677.serverFinal)).not.toThrow();
  });

  it("refuses a server signature that does not prove the password", () => {
    const c = client();
    c.first();
    c.final(rfc7677.serverFirst);
    expect(() => c.verify("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")).toThrow(
      KafkaAuthenticationError,
    );
  });

  it("refuses a server nonce that does not extend the client's, and server errors", () => {
    expect(() => client().final("r=someoneelse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")).toThrow(/nonce/);
    expect(() => client().final(`r=${rfc7677.nonce},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096`)).toThrow(/nonce/);
    expect(() => client().final("e=unknown-user")).toThrow(/unknown-user/);
  });

  it("escapes ',' and '=' in the user name and never puts the password in a message", () => {
    const c = createScramClient({ hash: "sha512", username: "a,b=c", password: "s3cret-pw", nonce: "abc" });
    expect(c.first()).toBe("n,,n=a=2Cb=3Dc,r=abc");
    const final = c.final("r=abcdef,s=c2FsdA==,i=4096");
    expect(final).toMatch(/^c=biws,r=abcdef,p=[A-Za-z0-9+/]{86}==$/);
    expect(final).not.toContain("s3cret-pw");
  });
});
