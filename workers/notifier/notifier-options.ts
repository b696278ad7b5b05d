/**
 * The notifier's contract: its options (with their defaults), its role and its statistics.
 * The notifier itself is in notifier.ts.
 */
import type { Kafka } from "kafkajs";
import type { AlertingStore } from "../../adapters/db/alerting-store";
import type { LeaderLock } from "../../adapters/db/leader-lock";
import type { NotifierStatusWriter } from "../../adapters/db/notifier-status";
import type { Outbox } from "../../adapters/db/outbox";
import type { RulesStore } from "../../adapters/db/rules-store";
import type { TopicNames } from "../../adapters/kafka/topics";
import type { Logger } from "../../adapters/log";
import type { Receiver } from "../../adapters/webhooks/receivers";
import type { Policy } from "../../core/alerts/policy";
import type { MetaAlertRule } from "../../core/pipeline/meta-alerts";
import type { DeliveryStats } from "./delivery";

export type NotifierRole = "starting" | "standby" | "leader" | "stopped";

export interface NotifierStats {
  role: NotifierRole;
  groups: number;
  firing: number;
  alertsReceived: number;
  alertsInvalid: number;
  frames: number;
  viewAlerts: number;
  notificationsQueued: number;
  delivery: DeliveryStats;
}

export interface Notifier {
  /** Waits for the leader lock (a standby waits here), restores state and starts everything. */
  start(): Promise<void>;
  stop(): Promise<void>;
  role(): NotifierRole;
  stats(): NotifierStats;
}

export interface NotifierOptions {
  kafka: Kafka;
  topics: TopicNames;
  /** Consumer group of the `alerts` topic (shared by the deployment's notifiers). */
  groupId: string;
  instanceId: string;
  store: AlertingStore;
  outbox: Outbox;
  rulesStore: RulesStore;
  policy: Policy;
  /** Enabled receivers by name; notifications for others are dropped (their URL is not set). */
  receivers: ReadonlyMap<string, Receiver>;
  logger: Logger;
  /** Absent: this instance always leads (tests, a single notifier). */
  lock?: LeaderLock;
  clock?: () => number;
  /** Default 200 ms. */
  tickMs?: number;
  /** Default 30 s. */
  rulesRefreshMs?: number;
  /** Default 5 s. */
  silencesRefreshMs?: number;
  /** Re-send period of firing view alerts, default 30 s. */
  resendMs?: number;
  /** Resolved alerts younger than this are restored after a restart (default 1 h). */
  restoreResolvedWithinMs?: number;
  /** Delivery loop settings (see createDeliverer). */
  delivery?: {
    concurrency?: number;
    leaseMs?: number;
    retryBaseMs?: number;
    retryMaxMs?: number;
    maxAgeMs?: number;
  };
  /** Delivered notifications: latency from decision to delivery (metrics, benchmarks). */
  onDelivered?: (latencyMs: number, receiver: string) => void;
  /** Kafka session timeout of the alerts consumer (default 10 s). */
  sessionTimeoutMs?: number;
  /**
   * Meta-alerts about the pipeline itself (core/pipeline/meta-alerts.ts): evaluated every
   * `everyMs` (default 5 s) from the frames' headers; thresholds default to 60 s lag, 30 s silent.
   * Absent: none (the notifier process always sets them; tests of other alerts leave them out).
   * `staleAfterMs`: data alerts resolve once the stream's event time has stood still this long
   * (core/pipeline/stale-alerts.ts; default the policy's resolve_timeout).
   */
  metaAlerts?: { everyMs?: number; rule?: Partial<MetaAlertRule>; staleAfterMs?: number };
  /**
   * Publishes this instance's role and its receivers' state to `notifier_status` every `everyMs`
   * (default 5 s) for the Alerts page (workers/notifier/status-heartbeat.ts). Absent: not published.
   * `disabled`: the receivers whose URL variable is unset (readReceiverEndpoints), said as why.
   */
  status?: {
    writer: NotifierStatusWriter;
    everyMs?: number;
    disabled?: ReadonlyArray<{ receiver: string; setting: string }>;
  };
}
