/**
 * The local broker's configuration files: server.properties (listeners, SASL_SSL with
 * SCRAM-SHA-512, single-node replication, a week of retention) and its log4j2 settings.
 */
import fs from "node:fs";
import path from "node:path";
import type { LocalKafkaTls } from "./kafka-tls";
import type { StackPaths } from "./paths";

/**
 * Session lifetime on the SASL_SSL listener: short, so clients re-authenticate (KIP-368) during
 * the tests as they must against clusters that set one.
 */
export const localReauthMs = 20_000;

/** The broker's server.properties: PLAINTEXT on `port`, the controller on `port + 1`, SASL_SSL on `port + 2`. */
export function brokerProperties(paths: StackPaths, port: number, tls: LocalKafkaTls): string {
  const controller = port + 1;
  const sasl = port + 2;
  return [
    "process.roles=broker,controller",
    "node.id=1",
    `controller.quorum.bootstrap.servers=127.0.0.1:${controller}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller},SASL_SSL://127.0.0.1:${sasl}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port},SASL_SSL://127.0.0.1:${sasl}`,
    "controller.listener.names=CONTROLLER",
    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_SSL:SASL_SSL",
    "inter.broker.listener.name=PLAINTEXT",
    "listener.name.sasl_ssl.sasl.enabled.mechanisms=SCRAM-SHA-512",
    "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;",
    `listener.name.sasl_ssl.connections.max.reauth.ms=${localReauthMs}`,
    "listener.name.sasl_ssl.ssl.keystore.type=PKCS12",
    `listener.name.sasl_ssl.ssl.keystore.location=${tls.keystoreFile}`,
    `listener.name.sasl_ssl.ssl.keystore.password=${tls.keystorePassword}`,
    `listener.name.sasl_ssl.ssl.key.password=${tls.keystorePassword}`,
    `log.dirs=${paths.dataDir(port)}`,
    "num.partitions=1",
    "auto.create.topics.enable=false",
    "delete.topic.enable=true",
    "offsets.topic.replication.factor=1",
    "offsets.topic.num.partitions=10",
    "transaction.state.log.replication.factor=1",
    "transaction.state.log.min.isr=1",
    "share.coordinator.state.topic.replication.factor=1",
    "share.coordinator.state.topic.min.isr=1",
    "group.initial.rebalance.delay.ms=0",
    // Raw events stay for replays; a launch night is hours, a week covers the review.
    "log.retention.hours=168",
    "",
  ].join("\n");
}

export function writeConfig(paths: StackPaths, port: number, props: string): string {
  const dir = paths.configDir(port);
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(paths.dataDir(port), { recursive: true });
  const file = path.join(dir, "server.properties");
  fs.writeFileSync(file, props, { mode: 0o600 });
  fs.writeFileSync(
    path.join(dir, "log4j2.properties"),
    [
      "status = error",
      "appender.file.type = File",
      "appender.file.name = FILE",
      `appender.file.fileName = ${paths.logFile(port)}`,
      "appender.file.layout.type = PatternLayout",
      "appender.file.layout.pattern = [%d] %p %m (%c)%n",
      "rootLogger.level = INFO",
      "rootLogger.appenderRef.file.ref = FILE",
      "logger.kafka.name = kafka",
      "logger.kafka.level = WARN",
      "logger.apache.name = org.apache.kafka",
      "logger.apache.level = WARN",
      "",
    ].join("\n"),
  );
  return file;
}
