/** The Docker setup publishes nothing to the network and keeps no password in the file. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const compose = parse(readFileSync(new URL("../docker-compose.yml", import.meta.url), "utf8")) as {
  services: Record<string, { ports?: string[]; environment?: Record<string, string> }>;
};

describe("docker-compose.yml (issue 16)", () => {
  it("docker-compose publishes Kafka, Postgres and the web on 127.0.0.1 only", () => {
    const published = Object.entries(compose.services).flatMap(([name, s]) =>
      (s.ports ?? []).map((p) => ({ name, p: String(p) })),
    );
    expect(published.map((x) => x.name).sort()).toEqual(["kafka", "postgres", "web"]);
    for (const { name, p } of published) expect(p, name).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });

  it("docker-compose takes the Postgres password from the environment (no fixed password)", () => {
    const pg = compose.services.postgres!.environment!;
    expect(pg.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?.+\}$/);
    for (const [name, s] of Object.entries(compose.services)) {
      const url = s.environment?.DATABASE_URL;
      if (url) expect(url, name).toContain("${POSTGRES_PASSWORD");
    }
  });
});
