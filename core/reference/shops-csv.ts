/**
 * A company's own shop list as CSV (`npm run seed -- --shops FILE.csv`): one shop per row with
 * its store code as the company's feeds name it, chain, city and capacity. Header row required;
 * columns `external_id`, `chain`, `city`, `capacity_per_minute`, and optionally `id` (default:
 * the row's position, 0-based) and `weight` (default 1). Errors name the file, line and column.
 */
import { ConfigError } from "../errors";

export interface ShopRow {
  id: number;
  externalId: string;
  chain: string;
  city: string;
  capacityPerMinute: number;
  weight: number;
}

/** Splits one CSV line (RFC 4180 quoting, no line breaks inside fields). */
function splitCsvLine(line: string): string[] | null {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let v = "";
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) return null;
        v += line.slice(i, q);
        if (line[q + 1] === '"') {
          v += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(v);
      if (i === line.length) return out;
      if (line[i] !== ",") return null;
      i++;
    } else {
      const c = line.indexOf(",", i);
      if (c < 0) {
        out.push(line.slice(i));
        return out;
      }
      out.push(line.slice(i, c));
      i = c + 1;
    }
  }
}

const required = ["external_id", "chain", "city", "capacity_per_minute"] as const;

export function parseShopsCsv(text: string, file: string): ShopRow[] {
  const lines = text.split(/\r?\n/);
  const at = (line: number, msg: string) => new ConfigError(`${file}:${line}`, msg);
  const header = splitCsvLine(lines[0] ?? "")?.map((h) => h.trim());
  if (!header) throw at(1, "not a CSV header");
  for (const col of required) if (!header.includes(col)) throw at(1, `column ${col} is missing`);
  const col = (name: string) => header.indexOf(name);
  const rows: ShopRow[] = [];
  const ids = new Set<number>();
  const codes = new Set<string>();
  for (let n = 1; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.trim() === "") continue;
    const f = splitCsvLine(line);
    if (!f || f.length !== header.length) throw at(n + 1, `expected ${header.length} fields`);
    const get = (name: string) => (col(name) < 0 ? undefined : f[col(name)]!.trim());
    const num = (name: string, fallback: number, check: (v: number) => boolean, what: string) => {
      const raw = get(name);
      if (raw === undefined || raw === "") return fallback;
      const v = Number(raw);
      if (!Number.isFinite(v) || !check(v)) throw at(n + 1, `${name}: ${what} (got ${JSON.stringify(raw)})`);
      return v;
    };
    const id = num("id", rows.length, (v) => Number.isInteger(v) && v >= 0, "a whole number >= 0");
    const capacityPerMinute = num("capacity_per_minute", Number.NaN, (v) => v > 0, "a number > 0");
    if (Number.isNaN(capacityPerMinute)) throw at(n + 1, "capacity_per_minute: required");
    const weight = num("weight", 1, (v) => v >= 0, "a number >= 0");
    const externalId = get("external_id")!;
    const chain = get("chain")!;
    const city = get("city")!;
    for (const [name, v] of [
      ["external_id", externalId],
      ["chain", chain],
      ["city", city],
    ] as const)
      if (v.length < 1 || v.length > 64) throw at(n + 1, `${name}: 1 to 64 characters`);
    if (ids.has(id)) throw at(n + 1, `id: ${id} appears twice`);
    if (codes.has(externalId)) throw at(n + 1, `external_id: ${JSON.stringify(externalId)} appears twice`);
    ids.add(id);
    codes.add(externalId);
    rows.push({ id, externalId, chain, city, capacityPerMinute, weight });
  }
  if (rows.length === 0) throw at(2, "no shops");
  return rows;
}
