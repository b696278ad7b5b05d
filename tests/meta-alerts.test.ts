/**
 * Meta-alerts through the real notifier, Kafka, Postgres and an HTTP receiver: a worker that
 * reports lag fires `pipeline-lagging`; when every worker stops, `no-data` reaches the receiver
 * within the configured time; the always-firing `watchdog` arrives at its repeat interval; an
 * alert whose data stopped (the event time stands still while its source keeps re-sending it)
 * resolves as stale instead of firing forever.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Frame } from "../core/frames/frame";
import type { Notifier } from "../workers/notifier/notifier";
import { metaAlertsPolicyYaml, policyOf, receivedAlerts, shopAlert } from "./support/alerting";
import { testEnv } from "./support/env";
import { frameAt } from "./support/frame-stream";
import { type NotifierHarness, openNotifierHarness } from "./support/notifier-harness";
import { ensureTestTopics } from "./support/topics";
import { waitFor } from "./support/wait";

const env = testEnv();
const noDataAfterMs = 3000;
const staleAfterMs = 2500;
let h: NotifierHarness;
let notifier: Notifier;
const topics = env.topics("meta");

/** Every (alertname, status) the receiver got, with when. */
const received = () => receivedAlerts(h.hook);

const policy = policyOf(metaAlertsPolicyYaml("A"));

beforeAll(async () => {
  h = await openNotifierHarness(env);
  await ensureTestTopics(h.kafka, topics, 1);
  notifier = h.notifier({
    topics,
    groupId: env.groupId("meta"),
    instanceId: "meta-test",
    policy,
    metaAlerts: { everyMs: 200, rule: { noDataAfterMs, laggingAfterSec: 60 }, staleAfterMs },
  });
  await notifier.start();
});

afterAll(async () => {
  await notifier?.stop();
  await h?.close();
});

describe("meta-alerts through the notifier", () => {
  it("fires pipeline-lagging, then no-data within the configured time once every worker stops", async () => {
    const producer = h.kafka.producer();
    await producer.connect();
    const send = (f: Frame) =>
      producer.send({ topic: topics.frames, messages: [{ key: f.source, value: JSON.stringify(f) }] });
    const lagging = (sec: number, lagSeconds: number) =>
      frameAt(sec, {
        emittedAt: Date.now(),
        pipeline: {
          lagSeconds,
          lagMessages: lagSeconds * 100,
          consumedPerSec: 100,
          producedPerSec: 120,
          partitions: [],
        },
      });
    for (let s = 1; s <= 10; s++) {
      await send(lagging(1_770_343_200 + s, 120));
      await new Promise((r) => setTimeout(r, 200));
    }
    await waitFor(
      async () => received().some((a) => a.name === "pipeline-lagging" && a.status === "firing"),
      {
        timeoutMs: 20_000,
        what: "pipeline-lagging at the receiver",
      },
    );
    // Every worker stops: the last frame goes out now.
    await send(lagging(1_770_343_211, 0));
    const stoppedAt = Date.now();
    await producer.disconnect();
    await waitFor(
      async () => received().some((a) => a.name === "no-data" && a.worker === "w1" && a.status === "firing"),
      { timeoutMs: 20_000, what: "no-data at the receiver" },
    );
    const noData = received().find((a) => a.name === "no-data" && a.status === "firing")!;
    const after = noData.at - stoppedAt;
    console.log(
      `[meta-alerts] no-data received ${after} ms after the last frame (threshold ${noDataAfterMs} ms)`,
    );
    expect(after).toBeGreaterThanOrEqual(noDataAfterMs);
    expect(after).toBeLessThan(noDataAfterMs + 3000);
    // The lagging alert resolved with the frame reporting no lag.
    expect(received().some((a) => a.name === "pipeline-lagging" && a.status === "resolved")).toBe(true);
  });

  it("sends the watchdog heartbeat at its repeat interval", async () => {
    await waitFor(async () => received().filter((a) => a.name === "watchdog").length >= 4, {
      timeoutMs: 20_000,
      what: "four watchdog heartbeats",
    });
    const at = received()
      .filter((a) => a.name === "watchdog")
      .map((a) => a.at);
    expect(
      received()
        .filter((a) => a.name === "watchdog")
        .every((a) => a.status === "firing"),
    ).toBe(true);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    console.log(`[meta-alerts] watchdog gaps ${gaps.join(", ")} ms (repeat_interval 2 s)`);
    for (const g of gaps.slice(1)) {
      expect(g).toBeGreaterThan(1500);
      expect(g).toBeLessThan(4000);
    }
  });

  it("resolves an alert whose data stopped as stale, though its source keeps re-sending it", async () => {
    const producer = h.kafka.producer();
    await producer.connect();
    const frame = (sec: number) =>
      producer.send({
        topic: topics.frames,
        messages: [{ key: "w1", value: JSON.stringify(frameAt(sec, { emittedAt: Date.now() })) }],
      });
    const alert = (sentAt: number) =>
      producer.send({
        topic: topics.alerts,
        messages: [{ key: "shop-7", value: JSON.stringify(shopAlert(7, { sentAt })) }],
      });
    const shop7 = () => received().filter((a) => a.name === "shop-over-capacity");
    // Data flows: the shop's alert fires. Frames keep coming until it has (one alert after a
    // burst of frames read as stale when the loaded suite delayed the notifier past 2.5 s).
    let sec = 1_770_343_300;
    for (let i = 0; i < 8; i++) {
      await frame(sec++);
      await new Promise((r) => setTimeout(r, 200));
    }
    await waitFor(
      async () => {
        await frame(sec++);
        await alert(Date.now());
        return shop7().some((a) => a.status === "firing");
      },
      { everyMs: 200, what: "the shop alert firing" },
    );
    // The producers stop: the worker keeps reporting the same second and re-sending the alert.
    const frozen = sec;
    const frozeAt = Date.now();
    const until = frozeAt + 6000;
    while (Date.now() < until) {
      await frame(frozen);
      await alert(Date.now());
      await new Promise((r) => setTimeout(r, 300));
    }
    await producer.disconnect();
    const resolved = shop7().find((a) => a.status === "resolved");
    expect(resolved).toBeDefined();
    const after = resolved!.at - frozeAt;
    console.log(
      `[meta-alerts] stale alert resolved ${after} ms after the event time stopped (rule ${staleAfterMs} ms)`,
    );
    expect(after).toBeGreaterThanOrEqual(staleAfterMs);
    expect(after).toBeLessThan(staleAfterMs + 2500);
    // Re-sends of the frozen data did not fire it again.
    expect(shop7().filter((a) => a.at > resolved!.at && a.status === "firing")).toEqual([]);
  });
});
