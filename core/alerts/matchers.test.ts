import { describe, expect, it } from "vitest";
import { formatMatcher, labelsKey, MatcherSchema, matchesAll, parseMatcher } from "./matchers";

describe("matchers", () => {
  it("parses the four operators, quoted or not", () => {
    expect(parseMatcher('severity="critical"')).toMatchObject({
      name: "severity",
      op: "=",
      value: "critical",
    });
    expect(parseMatcher("severity != warning")).toMatchObject({ op: "!=", value: "warning" });
    expect(parseMatcher('endpoint=~"POST /order/.*"')).toMatchObject({ op: "=~", value: "POST /order/.*" });
    expect(parseMatcher('chain!~"Mixue|Luckin"')).toMatchObject({ op: "!~" });
    expect(parseMatcher('summary="say \\"hi\\""').value).toBe('say "hi"');
  });

  it("anchors regexes: a partial match is no match", () => {
    const m = [parseMatcher('endpoint=~"POST /order"')];
    expect(matchesAll(m, { endpoint: "POST /order" })).toBe(true);
    expect(matchesAll(m, { endpoint: "POST /order/create" })).toBe(false);
  });

  it("treats a missing label as the empty string", () => {
    expect(matchesAll([parseMatcher('team=""')], { alertname: "x" })).toBe(true);
    expect(matchesAll([parseMatcher('team!=""')], { alertname: "x" })).toBe(false);
    expect(matchesAll([parseMatcher('team!~"api"')], {})).toBe(true);
  });

  it("requires every matcher; none matches all", () => {
    const ms = [parseMatcher('a="1"'), parseMatcher('b=~"x|y"')];
    expect(matchesAll(ms, { a: "1", b: "y" })).toBe(true);
    expect(matchesAll(ms, { a: "1", b: "z" })).toBe(false);
    expect(matchesAll([], { anything: "at all" })).toBe(true);
  });

  it("silence matchers run in linear time: (\\d+)+x on a long run of digits terminates (issue 16)", () => {
    const m = parseMatcher('shop=~"(\\d+)+x"');
    // A backtracking engine takes about 2^n steps here (546 ms at 26 digits): 5,000 never finish.
    const digits = "1".repeat(5000);
    expect(matchesAll([m], { shop: digits })).toBe(false);
    expect(matchesAll([m], { shop: `${digits}x` })).toBe(true);
  });

  it("rejects regex syntax RE2 does not have (backreferences, lookaround)", () => {
    expect(() => parseMatcher('a=~"(x)\\1"')).toThrow(/bad regex/);
    expect(() => parseMatcher('a=~"(?=x)x"')).toThrow(/bad regex/);
  });

  it("rejects malformed matchers with a reason", () => {
    expect(() => parseMatcher("no operator")).toThrow(/not a matcher/);
    expect(() => parseMatcher('a=~"("')).toThrow(/bad regex/);
    expect(() => parseMatcher('a="open')).toThrow(/unterminated/);
    const r = MatcherSchema.safeParse("1bad=x");
    expect(r.success).toBe(false);
  });

  it("formats back and keys label sets canonically", () => {
    expect(formatMatcher(parseMatcher("a =~ x.*"))).toBe('a=~"x.*"');
    expect(labelsKey({ b: "2", a: "1" })).toBe('{a="1",b="2"}');
  });
});
