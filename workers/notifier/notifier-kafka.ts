/**
 * The leading notifier's Kafka side: the `alerts` consumer (the workers' shop alerts, the web's
 * posted ones), the `frames` follower (view rules and meta-alerts), and the producer that
 * publishes the view alerts for everyone else, marked with this instance so its own consumer
 * skips them.
 */
import type { Producer } from "kafkajs";
import type { Alert } from "../../core/alerts/alert";
import { describeError } from "../../core/errors";
import type { Frame } from "../../core/frames/frame";
import { type AlertsConsumer, originHeader, startAlertsConsumer } from "./alerts-consumer";
import type { NotifierOptions } from "./notifier-options";
import { type FramesFollower, followFrames } from "./view-rules";

export interface NotifierKafka {
  /** Publishes view alerts to the alerts topic (a failure is logged: they are re-sent). */
  publish(alerts: readonly Alert[]): Promise<void>;
  stats(): { received: number; invalid: number; frames: number };
  /** Stops consuming (the producer stays until {@link NotifierKafka.disconnect}). */
  stopConsuming(): Promise<void>;
  disconnect(): Promise<void>;
}

/** Connects the producer, joins both topics and resolves once both consumers are ready. */
export async function startNotifierKafka(
  o: Pick<NotifierOptions, "kafka" | "topics" | "groupId" | "instanceId" | "logger" | "sessionTimeoutMs">,
  {
    onAlerts,
    onFrame,
  }: {
    onAlerts(alerts: Alert[]): Promise<void>;
    /** Each frame, with the publisher (ready before the first frame arrives). */
    onFrame(frame: Frame, publish: NotifierKafka["publish"]): Promise<void>;
  },
): Promise<NotifierKafka> {
  const log = o.logger;
  const producer: Producer = o.kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const publish: NotifierKafka["publish"] = async (alerts) => {
    await producer
      .send({
        topic: o.topics.alerts,
        messages: alerts.map((a) => ({
          key: a.fingerprint,
          value: JSON.stringify(a),
          headers: { [originHeader]: o.instanceId },
        })),
      })
      .catch((err) => log.warn("could not publish view alerts", { error: describeError(err) }));
  };
  const consumer: AlertsConsumer = await startAlertsConsumer({
    kafka: o.kafka,
    topic: o.topics.alerts,
    groupId: o.groupId,
    instanceId: o.instanceId,
    logger: log.child({ part: "alerts" }),
    onAlerts,
    ...(o.sessionTimeoutMs ? { sessionTimeoutMs: o.sessionTimeoutMs } : {}),
  });
  const frames: FramesFollower = await followFrames({
    kafka: o.kafka,
    topic: o.topics.frames,
    groupId: `${o.groupId}-frames-${o.instanceId}`,
    logger: log.child({ part: "frames" }),
    onFrame: (frame) => onFrame(frame, publish),
  });
  await Promise.all([consumer.ready(), frames.ready()]);
  return {
    publish,
    stats: () => ({ ...consumer.stats(), frames: frames.stats().frames }),
    async stopConsuming() {
      await consumer.stop();
      await frames.stop();
    },
    async disconnect() {
      await producer.disconnect().catch(() => {});
    },
  };
}
