/**
 * The source mapping file (`sources.yaml`) as Zod validates it. Everything a mapping can get
 * wrong without seeing a record is refused here, with the path of the field: an unknown path
 * syntax, a map to a status Launchwatch does not have, a missing required field, two sources
 * for one field. docs/SOURCES.md describes the format.
 */
import { z } from "zod";
import { eventTypeOf, type FieldDef, kindFields, type SourceKind, sourceKinds } from "./fields";
import { parsePath } from "./path";
import { timestampFormats } from "./timestamp";

const ScalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const sourceKeys = ["path", "header", "key", "timestamp", "const"] as const;

const FieldObjectSchema = z.strictObject({
  /** JSON path into the value, e.g. `$.order.store.code`. */
  path: z.string().optional(),
  /** A record header's value (UTF-8). */
  header: z.string().min(1).optional(),
  /** The record key (UTF-8). */
  key: z.literal(true).optional(),
  /** The record's timestamp (epoch ms). */
  timestamp: z.literal(true).optional(),
  const: ScalarSchema.optional(),
  /** How a time is written (default epoch_ms). */
  format: z.enum(timestampFormats).optional(),
  /** Value map: exact values and comparisons (`">= 500"`) to Launchwatch values. */
  map: z.record(z.string(), ScalarSchema).optional(),
  /** The value when the map has no entry (without it, an unmapped value is dead-lettered). */
  default: ScalarSchema.optional(),
});

/** A field: a JSON path (`$.a.b`) as shorthand, or an object with one source and options. */
export const FieldSpecSchema = z
  .union([z.string(), FieldObjectSchema])
  .transform((f) => (typeof f === "string" ? { path: f } : f))
  .superRefine((f, ctx) => {
    const given = sourceKeys.filter((k) => k in f && f[k] !== undefined);
    if (given.length !== 1)
      ctx.addIssue({
        code: "custom",
        message: `needs exactly one source of ${sourceKeys.join(", ")} (has ${given.length ? given.join(", ") : "none"})`,
      });
    if (f.path !== undefined) {
      const p = parsePath(f.path);
      if (typeof p === "string") ctx.addIssue({ code: "custom", path: ["path"], message: p });
    }
  });
export type FieldSpec = z.output<typeof FieldSpecSchema>;

const FilterSchema = z
  .strictObject({
    path: z.string().optional(),
    header: z.string().min(1).optional(),
    key: z.literal(true).optional(),
    /** Records whose value is one of these are read; the others skipped. */
    in: z.array(ScalarSchema).min(1).optional(),
    /** Records whose value is one of these are skipped. */
    not_in: z.array(ScalarSchema).min(1).optional(),
  })
  .superRefine((f, ctx) => {
    if ((f.in === undefined) === (f.not_in === undefined))
      ctx.addIssue({ code: "custom", message: "needs exactly one of in, not_in" });
    const given = (["path", "header", "key"] as const).filter((k) => f[k] !== undefined);
    if (given.length !== 1)
      ctx.addIssue({ code: "custom", message: "needs exactly one of path, header, key" });
    if (f.path !== undefined) {
      const p = parsePath(f.path);
      if (typeof p === "string") ctx.addIssue({ code: "custom", path: ["path"], message: p });
    }
  });
export type FilterSpec = z.output<typeof FilterSchema>;

/** A Kafka consumer group id, as the file-level `group` has always taken it. */
const groupSchema = z.string().min(1);

const kindSchema = (kind: SourceKind) =>
  z
    .strictObject({
      /**
       * Consumer group of the workers reading this kind (default: the file's `group`, then
       * LW_WORKER_GROUP). Kinds on different groups are run by different workers (LW_SOURCES_KINDS).
       */
      group: groupSchema.optional(),
      /** Topic names to read. */
      topics: z.array(z.string().min(1)).min(1).optional(),
      /** Or: a regular expression over topic names (anchored: the whole name must match). */
      pattern: z.string().min(1).optional(),
      /** Records to skip (not relevant to Launchwatch): neither counted nor dead-lettered. */
      filter: FilterSchema.optional(),
      fields: z.record(z.string(), FieldSpecSchema),
    })
    .superRefine((k, ctx) => {
      if ((k.topics === undefined) === (k.pattern === undefined))
        ctx.addIssue({ code: "custom", message: "needs exactly one of topics, pattern" });
      if (k.pattern !== undefined) {
        try {
          new RegExp(`^(?:${k.pattern})$`);
        } catch (err) {
          ctx.addIssue({ code: "custom", path: ["pattern"], message: (err as Error).message });
        }
      }
      const defs = kindFields[kind];
      for (const [name, f] of Object.entries(k.fields)) {
        const def = defs[name];
        if (!def) {
          ctx.addIssue({
            code: "custom",
            path: ["fields", name],
            message: `not a field of ${eventTypeOf[kind]} events (${Object.keys(defs).join(", ")})`,
          });
          continue;
        }
        checkTargets(def, f, (message, at) =>
          ctx.addIssue({ code: "custom", path: ["fields", name, ...at], message }),
        );
      }
      for (const [name, def] of Object.entries(defs))
        if (def.required && !(name in k.fields))
          ctx.addIssue({ code: "custom", path: ["fields"], message: `${name} is required` });
      if (kind === "orders" && "shop" in k.fields === "shopId" in k.fields)
        ctx.addIssue({
          code: "custom",
          path: ["fields"],
          message: "needs exactly one of shop (external id) and shopId",
        });
    });

/** A map's targets, a constant and a default must be values the field can take. */
function checkTargets(def: FieldDef, f: FieldSpec, issue: (message: string, at: string[]) => void) {
  const t = def.type;
  const ok = (v: unknown): boolean =>
    t.t === "enum"
      ? typeof v === "string" && t.values.includes(v)
      : t.t === "boolean"
        ? typeof v === "boolean"
        : t.t === "nullableString"
          ? v === null || typeof v === "string"
          : t.t === "int"
            ? typeof v === "number" && Number.isInteger(v)
            : t.t === "number" || t.t === "time"
              ? typeof v === "number"
              : typeof v === "string" || typeof v === "number";
  const want =
    t.t === "enum"
      ? `one of ${t.values.join(", ")}`
      : t.t === "nullableString"
        ? "a string or null"
        : `a ${t.t}`;
  for (const [from, to] of Object.entries(f.map ?? {}))
    if (!ok(to)) issue(`${JSON.stringify(from)} maps to ${JSON.stringify(to)}, not ${want}`, ["map", from]);
  if (f.default !== undefined && !ok(f.default))
    issue(`default ${JSON.stringify(f.default)} is not ${want}`, ["default"]);
  if (f.const !== undefined && !f.map && !ok(f.const))
    issue(`${JSON.stringify(f.const)} is not ${want}`, ["const"]);
  if (t.t === "enum" && !f.map && f.const === undefined)
    issue(`needs a map from the feed's values to ${want}`, []);
  if (f.format !== undefined && t.t !== "time") issue("format applies to times only", ["format"]);
}

export const SourcesFileSchema = z
  .strictObject({
    /** Consumer group of the workers reading these topics, unless a kind names its own (default LW_WORKER_GROUP). */
    group: groupSchema.optional(),
    orders: kindSchema("orders").optional(),
    api: kindSchema("api").optional(),
    downloads: kindSchema("downloads").optional(),
  })
  .superRefine((f, ctx) => {
    if (!sourceKinds.some((k) => f[k]))
      ctx.addIssue({ code: "custom", message: `needs at least one of ${sourceKinds.join(", ")}` });
  });
export type SourcesFile = z.output<typeof SourcesFileSchema>;
