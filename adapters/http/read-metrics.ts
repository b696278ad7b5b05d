/**
 * Metrics whose values are read from a process's own figures when scraped, as Prometheus users
 * expect them: a total is a counter (`_total`), a level a gauge. A counter read as a total that
 * went down (the figures were rebuilt) reads as a counter reset, which rate() handles.
 */
import { Counter, Gauge, type Registry } from "prom-client";

type Setter<L extends string> = (labels: Partial<Record<L, string>>, value: number) => void;

/** A counter set from `read` at each scrape; `read` calls `set` once per label set it knows. */
export function readCounter<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: L[],
  read: (set: Setter<L>) => void,
): Counter<L> {
  return new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      read((labels, v) => this.inc(labels, Math.max(0, v)));
    },
  });
}

/**
 * A gauge set from `read` at each scrape. A value `read` does not set is absent, never 0: an
 * unlabelled gauge gets the label `scope="all"` so that it can be absent.
 */
export function readGauge<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: L[],
  read: (set: Setter<L>) => void,
): Gauge<L> {
  const scoped = labelNames.length === 0;
  return new Gauge({
    name,
    help,
    labelNames: scoped ? ["scope" as L] : labelNames,
    registers: [registry],
    collect() {
      this.reset();
      read((labels, v) => this.set(scoped ? ({ scope: "all" } as Partial<Record<L, string>>) : labels, v));
    },
  });
}
