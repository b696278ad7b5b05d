/**
 * The HTTP contract of `GET /api/v1/receivers`: is a notifier running for this deployment, and
 * each receiver's state (enabled, or disabled and why; its last delivery; what waits to be
 * retried; what was given up). Shared by the server (its reader returns these types, its route
 * declares them for the OpenAPI document) and the Alerts page (it parses with them). Times are
 * wall-clock epoch ms.
 */
import { z } from "zod";
import { receiverTypes } from "../alerts/policy";

/** What a notifier publishes about one receiver of its policy (the `notifier_status` rows). */
export const PublishedReceiverSchema = z.object({
  name: z.string(),
  type: z.enum(receiverTypes),
  enabled: z.boolean(),
  /** Why it sends nothing, e.g. `no URL set (LW_SLACK_WEBHOOK_URL)`; null when enabled. */
  disabledReason: z.string().nullable(),
  /** Where it sends, origin only (`https://oapi.dingtalk.com/…`); null when disabled. */
  target: z.string().nullable(),
});
export type PublishedReceiver = z.infer<typeof PublishedReceiverSchema>;

/**
 * `running`: a leader reported within a few of its heartbeat periods; `no-leader`: only standbys
 * did; `not-running`: the last report is older than that, or said it stopped; `never-seen`: no
 * notifier of this deployment ever reported to this database.
 */
export const notifierStates = ["running", "no-leader", "not-running", "never-seen"] as const;
export type NotifierState = (typeof notifierStates)[number];

export const NotifierPresenceSchema = z.object({
  state: z.enum(notifierStates),
  /** The instance that leads (or led last), null when none ever did. */
  leader: z.string().nullable(),
  /** Standbys that reported recently. */
  standbys: z.number(),
  /** The newest report of any instance. */
  lastSeenAt: z.number().nullable(),
});
export type NotifierPresence = z.infer<typeof NotifierPresenceSchema>;

/** `enabled`/`disabled` as the running notifier says; `unknown` while no notifier runs. */
export const receiverStates = ["enabled", "disabled", "unknown"] as const;

export const ReceiverStatusSchema = z.object({
  name: z.string(),
  type: z.enum(receiverTypes),
  state: z.enum(receiverStates),
  disabledReason: z.string().nullable(),
  target: z.string().nullable(),
  /** The newest delivery attempt, whatever its outcome. */
  lastAttempt: z
    .object({
      at: z.number(),
      outcome: z.enum(["delivered", "retry", "rate_limited", "failed"]),
      statusCode: z.number().nullable(),
      error: z.string().nullable(),
    })
    .nullable(),
  lastDeliveredAt: z.number().nullable(),
  /** Notifications that failed at least once and wait for another attempt. */
  retriesPending: z.number(),
  /** Notifications not tried yet. */
  queued: z.number(),
  /** Notifications given up (failed for good, or expired undelivered) and still in the log (7 days). */
  deadLettered: z.number(),
});
export type ReceiverStatus = z.infer<typeof ReceiverStatusSchema>;

export const ReceiversResponseSchema = z.object({
  notifier: NotifierPresenceSchema,
  receivers: z.array(ReceiverStatusSchema),
});
export type ReceiversResponse = z.infer<typeof ReceiversResponseSchema>;
