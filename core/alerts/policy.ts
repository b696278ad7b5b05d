/**
 * The notification policy (`alerting.yaml`), modelled on Alertmanager's configuration: a routing
 * tree (matchers, group_by, group_wait, group_interval, repeat_interval, continue), receivers and
 * inhibition rules. Receivers name the environment variables that hold their URL and secret
 * (`url_env: LW_SLACK_WEBHOOK_URL`); the file never contains a secret.
 */
import { z } from "zod";
import { DurationSchema as duration } from "../time/duration";
import { type Matcher, MatcherSchema } from "./matchers";
import { NamedTimeIntervalSchema, type TimeInterval } from "./time-intervals";

const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, "an environment variable name like LW_SLACK_WEBHOOK_URL");

const cidr = z
  .string()
  .regex(/^(\d{1,3}(\.\d{1,3}){3}\/\d{1,2}|[0-9a-fA-F:]+\/\d{1,3})$/, "a CIDR like 127.0.0.1/32 or ::1/128");

/**
 * Alertmanager's `http_config`, with the secrets in environment variables (the file holds none):
 * `authorization: { type: Bearer, credentials_env: VAR }` sends `Authorization: <type> <VAR>`,
 * `basic_auth: { username, password_env: VAR }` basic auth; one or the other.
 */
export const HttpConfigSchema = z
  .strictObject({
    authorization: z
      .strictObject({
        type: z
          .string()
          .regex(/^[A-Za-z][A-Za-z0-9_-]{0,31}$/, "an auth scheme like Bearer")
          .default("Bearer"),
        credentials_env: envName,
      })
      .optional(),
    basic_auth: z.strictObject({ username: z.string().min(1).max(200), password_env: envName }).optional(),
  })
  .refine((h) => !(h.authorization && h.basic_auth), "authorization and basic_auth are exclusive");
export type HttpConfig = z.infer<typeof HttpConfigSchema>;

export const receiverTypes = ["slack", "feishu", "dingtalk", "wecom", "webhook"] as const;
export type ReceiverType = (typeof receiverTypes)[number];

const receiverCommon = {
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, "letters, digits, '_', '.' and '-'"),
  /** Environment variable holding the webhook URL (a URL is a credential for chat robots). */
  url_env: envName,
  /** Also notify when a group's alerts resolve (default true). */
  send_resolved: z.boolean().default(true),
  /** Alerts listed in full per message; the rest are counted (default: global.digest_top). */
  max_alerts: z.number().int().positive().max(500).optional(),
  /** Messages per minute to this URL; default depends on the type (see the receivers). */
  rate_limit_per_minute: z.number().positive().optional(),
  /** HTTP timeout (default 10s). */
  timeout: duration.default(10_000),
};

export const ReceiverSchema = z.discriminatedUnion("type", [
  z.strictObject({ ...receiverCommon, type: z.literal("slack") }),
  z.strictObject({ ...receiverCommon, type: z.literal("feishu"), secret_env: envName.optional() }),
  z.strictObject({ ...receiverCommon, type: z.literal("dingtalk"), secret_env: envName.optional() }),
  z.strictObject({ ...receiverCommon, type: z.literal("wecom") }),
  z.strictObject({
    ...receiverCommon,
    type: z.literal("webhook"),
    secret_env: envName.optional(),
    http_config: HttpConfigSchema.optional(),
  }),
]);
export type ReceiverConfig = z.infer<typeof ReceiverSchema>;

export interface RouteInput {
  receiver?: string;
  matchers?: string[];
  group_by?: string[];
  group_wait?: string | number;
  group_interval?: string | number;
  repeat_interval?: string | number;
  continue?: boolean;
  mute_time_intervals?: string[];
  active_time_intervals?: string[];
  routes?: RouteInput[];
}

interface RouteParsed {
  receiver?: string;
  matchers: Matcher[];
  group_by?: string[];
  group_wait?: number;
  group_interval?: number;
  repeat_interval?: number;
  continue: boolean;
  mute_time_intervals: string[];
  active_time_intervals: string[];
  routes: RouteParsed[];
}

const RouteSchema: z.ZodType<RouteParsed, RouteInput> = z.lazy(() =>
  z.strictObject({
    receiver: z.string().optional(),
    matchers: z.array(MatcherSchema).default([]),
    /** Labels that split alerts into groups; `...` means every label (no grouping). */
    group_by: z.array(z.string().min(1)).optional(),
    group_wait: duration.optional(),
    group_interval: duration.refine((v) => v > 0, "must be above 0").optional(),
    repeat_interval: duration.refine((v) => v > 0, "must be above 0").optional(),
    continue: z.boolean().default(false),
    /** Named `time_intervals` during which this route sends nothing (not inherited, as in Alertmanager). */
    mute_time_intervals: z.array(z.string().min(1)).default([]),
    /** Named `time_intervals` outside which this route sends nothing (not inherited). */
    active_time_intervals: z.array(z.string().min(1)).default([]),
    routes: z.array(RouteSchema).default([]),
  }),
);

export const InhibitRuleSchema = z.strictObject({
  /** Alerts that, while firing, mute others. */
  source_matchers: z.array(MatcherSchema).min(1),
  /** Alerts that get muted. */
  target_matchers: z.array(MatcherSchema).min(1),
  /** Labels whose values must be equal on source and target (missing on both counts as equal). */
  equal: z.array(z.string().min(1)).default([]),
});
export type InhibitRule = z.infer<typeof InhibitRuleSchema>;

export const PolicyFileSchema = z
  .strictObject({
    global: z
      .strictObject({
        /** A firing alert not re-sent for this long is resolved (default 5m). */
        resolve_timeout: duration.default(300_000),
        /** Link back to the dashboard in messages and the webhook's `externalURL`. */
        external_url: z.url().default("http://localhost:3000"),
        /** Alerts listed in full in a digest (the worst by value); the rest are counted (default 10). */
        digest_top: z.number().int().positive().max(500).default(10),
        /**
         * Networks receivers may resolve to although private, loopback or link-local
         * (default none: webhooks must resolve to public addresses).
         */
        allowed_networks: z.array(cidr).default([]),
      })
      .prefault({}),
    route: RouteSchema,
    /** Named time intervals for routes' `mute_time_intervals` / `active_time_intervals`. */
    time_intervals: z.array(NamedTimeIntervalSchema).default([]),
    /** Alertmanager's older name for `time_intervals` (same syntax); both may be used. */
    mute_time_intervals: z.array(NamedTimeIntervalSchema).default([]),
    receivers: z.array(ReceiverSchema).min(1),
    inhibit_rules: z.array(InhibitRuleSchema).default([]),
  })
  .superRefine((p, ctx) => {
    const names = new Set<string>();
    for (const [i, r] of p.receivers.entries()) {
      if (names.has(r.name))
        ctx.addIssue({
          code: "custom",
          message: `duplicate receiver ${r.name}`,
          path: ["receivers", i, "name"],
        });
      names.add(r.name);
    }
    if (!p.route.receiver)
      ctx.addIssue({
        code: "custom",
        message: "the root route needs a receiver",
        path: ["route", "receiver"],
      });
    const intervals = new Set<string>();
    for (const [key, list] of [
      ["time_intervals", p.time_intervals],
      ["mute_time_intervals", p.mute_time_intervals],
    ] as const)
      for (const [i, t] of list.entries()) {
        if (intervals.has(t.name))
          ctx.addIssue({
            code: "custom",
            message: `duplicate time interval ${t.name}`,
            path: [key, i, "name"],
          });
        intervals.add(t.name);
      }
    if (p.route.mute_time_intervals.length > 0 || p.route.active_time_intervals.length > 0)
      ctx.addIssue({
        code: "custom",
        message: "the root route cannot have mute or active time intervals",
        path: ["route"],
      });
    if (p.route.matchers.length > 0)
      ctx.addIssue({
        code: "custom",
        message: "the root route matches everything",
        path: ["route", "matchers"],
      });
    const walk = (r: RouteParsed, path: Array<string | number>) => {
      if (r.receiver !== undefined && !names.has(r.receiver))
        ctx.addIssue({
          code: "custom",
          message: `unknown receiver "${r.receiver}"`,
          path: [...path, "receiver"],
        });
      if (r.group_by?.includes("...") && r.group_by.length > 1)
        ctx.addIssue({
          code: "custom",
          message: "'...' stands alone in group_by",
          path: [...path, "group_by"],
        });
      for (const key of ["mute_time_intervals", "active_time_intervals"] as const)
        for (const [i, name] of r[key].entries())
          if (!intervals.has(name))
            ctx.addIssue({
              code: "custom",
              message: `unknown time interval "${name}"`,
              path: [...path, key, i],
            });
      for (const [i, c] of r.routes.entries()) walk(c, [...path, "routes", i]);
    };
    walk(p.route, ["route"]);
  });

export type PolicyFile = z.infer<typeof PolicyFileSchema>;
export type PolicyFileInput = z.input<typeof PolicyFileSchema>;

/** A route with everything inherited from its parents filled in. */
export interface Route {
  /** Stable id from the matchers along the path, like Alertmanager's: `{}/{alertname="x"}`. */
  key: string;
  receiver: string;
  matchers: Matcher[];
  /** Label names, or `all` for `...`. */
  groupBy: string[] | "all";
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
  continue: boolean;
  /** Names of the policy's time intervals during which nothing is sent. */
  muteTimeIntervals: string[];
  /** Names of the time intervals outside which nothing is sent (empty: always active). */
  activeTimeIntervals: string[];
  routes: Route[];
}

export interface Policy {
  resolveTimeoutMs: number;
  externalUrl: string;
  digestTop: number;
  allowedNetworks: string[];
  route: Route;
  receivers: ReceiverConfig[];
  inhibitRules: InhibitRule[];
  /** Named time intervals (`time_intervals` and the older `mute_time_intervals`). */
  timeIntervals: ReadonlyMap<string, TimeInterval[]>;
}

/** Alertmanager's defaults for a root route that leaves them out. */
export const routeDefaults = {
  groupWaitMs: 30_000,
  groupIntervalMs: 300_000,
  repeatIntervalMs: 4 * 3_600_000,
} as const;

/** Fills in inheritance and the route keys. */
export function buildPolicy(file: PolicyFile): Policy {
  const build = (r: RouteParsed, parent: Route | null, index: number): Route => {
    const own = r.matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).join(",");
    const key = parent ? `${parent.key}/{${own}}${r.matchers.length === 0 ? `#${index}` : ""}` : "{}";
    const groupBy = r.group_by ?? (parent ? (parent.groupBy === "all" ? ["..."] : parent.groupBy) : []);
    const route: Route = {
      key,
      receiver: r.receiver ?? parent?.receiver ?? "",
      matchers: r.matchers,
      groupBy: groupBy.includes("...") ? "all" : [...groupBy],
      groupWaitMs: r.group_wait ?? parent?.groupWaitMs ?? routeDefaults.groupWaitMs,
      groupIntervalMs: r.group_interval ?? parent?.groupIntervalMs ?? routeDefaults.groupIntervalMs,
      repeatIntervalMs: r.repeat_interval ?? parent?.repeatIntervalMs ?? routeDefaults.repeatIntervalMs,
      continue: r.continue,
      muteTimeIntervals: r.mute_time_intervals,
      activeTimeIntervals: r.active_time_intervals,
      routes: [],
    };
    route.routes = r.routes.map((c, i) => build(c, route, i));
    return route;
  };
  return {
    resolveTimeoutMs: file.global.resolve_timeout,
    externalUrl: file.global.external_url,
    digestTop: file.global.digest_top,
    allowedNetworks: file.global.allowed_networks,
    route: build(file.route, null, 0),
    receivers: file.receivers,
    inhibitRules: file.inhibit_rules,
    timeIntervals: new Map(
      [...file.time_intervals, ...file.mute_time_intervals].map((t) => [t.name, t.time_intervals]),
    ),
  };
}
