/**
 * What the web process is given (WebServerOptions) and what it offers once started (WebServer).
 */
import type { Registry } from "prom-client";
import type { PrismaClient } from "../adapters/db/prisma";
import type { KafkaSecurity } from "../adapters/kafka/security";
import type { TopicNames } from "../adapters/kafka/topics";
import type { Logger } from "../adapters/log";
import type { Policy } from "../core/alerts/policy";
import type { ScryptCost } from "../core/auth/password";
import type { ThrottlePolicy } from "../core/auth/sign-in-throttle";
import type { AuthService } from "./auth/auth-service";
import type { Route } from "./http/route";
import type { LiveHub, LiveHubOptions } from "./live/hub";
import type { LiveSockets } from "./live/socket-server";
import type { NextMode } from "./next-app";
import type { ReplayLauncher } from "./replay/replay-launcher";
import type { ReplaySessions } from "./replay/replay-sessions";

export interface WebServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 picks a free port. Default 3000. */
  port?: number;
  /** Names this process's consumer group (`lw-web-<id>`) and its `watch` entry. */
  instanceId: string;
  brokers: string[];
  /** TLS and SASL of its Kafka clients, default PLAINTEXT. */
  kafkaSecurity?: KafkaSecurity;
  topics: TopicNames;
  /** Partitions for topics this process creates when missing (default 6). */
  partitions?: number;
  databaseUrl: string;
  /** `production` serves a prior `next build`, `dev` compiles on demand, `off` serves no pages (API-only tests). */
  next?: { mode: NextMode | "off"; dir?: string };
  /** Default 12 h. */
  sessionTtlMs?: number;
  /** Mark the session cookie Secure (`__Host-lw_session`). Default: when `publicUrl` is https. */
  secureCookies?: boolean;
  /** The origin users open (`https://launchwatch.example.com`), accepted for sockets and writes. */
  publicUrl?: string;
  /** Unset: /metrics answers loopback clients only. */
  metricsToken?: string;
  /** How often live sockets' credentials are re-checked (default 30 s). */
  socketRecheckMs?: number;
  logger?: Logger;
  clock?: () => number;
  /** Lower only in tests (hashing cost). */
  scryptCost?: ScryptCost;
  /** Sign-in backoff (default core/auth/sign-in-throttle.ts `defaultThrottlePolicy`). */
  signInThrottle?: ThrottlePolicy;
  /** A session unused this long ends (default 2 h). */
  idleTimeoutMs?: number;
  /** Behind one reverse proxy: the client address is the last `X-Forwarded-For` hop. Default false. */
  trustProxy?: boolean;
  hub?: LiveHubOptions;
  /** Socket ack timeout (default 10 s). */
  ackTimeoutMs?: number;
  /** How often shop capacity is reloaded from the Shop table (default 60 s). */
  capacityRefreshMs?: number;
  /** How often the watch entry is republished (default 10 s). */
  watchRepublishMs?: number;
  /** How often the live alerts room re-reads the firing alerts (default 2 s). */
  alertPollMs?: number;
  /** Kafka replays re-aggregating at once (default 1). */
  maxRunningReplays?: number;
  /**
   * The notifier's policy (alerting.yaml) and its text, for the Alertmanager API's receivers,
   * groups, inhibition and status. Absent: alerts are still taken and listed, without routing.
   */
  alerting?: { policy: Policy; text: string };
}

export interface WebServer {
  /** `http://host:port` */
  url: string;
  port: number;
  instanceId: string;
  hub: LiveHub;
  auth: AuthService;
  sockets: LiveSockets;
  registry: Registry;
  prisma: PrismaClient;
  replays: { sessions: ReplaySessions; launcher: ReplayLauncher };
  /** The JSON API's routes (method, pattern, who may call, response contract), e.g. for docs and the fuzz test. */
  routes: ReadonlyArray<Pick<Route, "method" | "pattern" | "access" | "responseSchema">>;
  /** Resolves once the frames consumer has joined its group. */
  framesReady(): Promise<void>;
  close(): Promise<void>;
}
