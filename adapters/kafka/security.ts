/**
 * How every Kafka connection of a process is secured: one value, built once from the
 * environment (config/kafka-env.ts) and handed to kafkajs (here) and to the fast clients'
 * own connections (wire/connection.ts). The password is held only here and never formatted:
 * {@link describeKafkaSecurity} is what logs may show.
 */
import type { ConnectionOptions } from "node:tls";
import type { KafkaConfig } from "kafkajs";

export const kafkaSecurityProtocols = ["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] as const;
export type KafkaSecurityProtocol = (typeof kafkaSecurityProtocols)[number];

export const kafkaSaslMechanisms = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] as const;
export type KafkaSaslMechanism = (typeof kafkaSaslMechanisms)[number];

export interface KafkaSasl {
  mechanism: KafkaSaslMechanism;
  username: string;
  password: string;
}

export interface KafkaTls {
  /** PEM of the CA(s) to trust; unset: Node's default roots. */
  ca?: string;
  /** PEM client certificate and key, for mutual TLS. */
  cert?: string;
  key?: string;
  /** Verify the broker's certificate and name (default true). */
  rejectUnauthorized: boolean;
}

export interface KafkaSecurity {
  protocol: KafkaSecurityProtocol;
  /** Set for SASL_PLAINTEXT and SASL_SSL. */
  sasl?: KafkaSasl;
  /** Set for SSL and SASL_SSL. */
  tls?: KafkaTls;
}

export const plaintext: KafkaSecurity = { protocol: "PLAINTEXT" };

/** Node TLS options for a connection to `host` (SNI only for names, as TLS forbids IPs there). */
export function tlsOptions(tls: KafkaTls, host: string): ConnectionOptions {
  return {
    ...(tls.ca ? { ca: tls.ca } : {}),
    ...(tls.cert ? { cert: tls.cert } : {}),
    ...(tls.key ? { key: tls.key } : {}),
    rejectUnauthorized: tls.rejectUnauthorized,
    ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }),
  };
}

/** The kafkajs `ssl` and `sasl` settings for `security`. */
export function kafkajsSecurity(security: KafkaSecurity): Pick<KafkaConfig, "ssl" | "sasl"> {
  const out: Pick<KafkaConfig, "ssl" | "sasl"> = {};
  if (security.tls) {
    const { ca, cert, key, rejectUnauthorized } = security.tls;
    out.ssl = {
      ...(ca ? { ca } : {}),
      ...(cert ? { cert } : {}),
      ...(key ? { key } : {}),
      rejectUnauthorized,
    };
  }
  if (security.sasl) {
    const { username, password, mechanism } = security.sasl;
    out.sasl =
      mechanism === "PLAIN"
        ? { mechanism: "plain", username, password }
        : mechanism === "SCRAM-SHA-256"
          ? { mechanism: "scram-sha-256", username, password }
          : { mechanism: "scram-sha-512", username, password };
  }
  return out;
}

/** What a log line may say about the security of a connection: never the password. */
export function describeKafkaSecurity(security: KafkaSecurity): string {
  if (!security.sasl) return security.protocol;
  return `${security.protocol} ${security.sasl.mechanism} as ${security.sasl.username}`;
}
