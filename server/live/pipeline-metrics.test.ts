import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { pipelineStatus } from "../../core/pipeline/status";
import { registerPipelineMetrics } from "./pipeline-metrics";

describe("pipeline status in /metrics", () => {
  it("exports the lag and the state, and leaves an unknown lag out instead of 0", async () => {
    const behind = pipelineStatus(
      [
        {
          source: "w1",
          receivedAt: 1000,
          emittedAt: 1000,
          watermark: 900,
          watermarkMovedAt: 1000,
          pipeline: {
            lagSeconds: 192,
            producerDelaySeconds: 3.5,
            lagMessages: 5000,
            consumedPerSec: 41,
            producedPerSec: 10,
            partitions: [],
          },
        },
      ],
      1500,
    );
    let status = behind;
    const registry = new Registry();
    registerPipelineMetrics(registry, {
      feed: () => ({ state: "live", lastFrameAt: 1000, sources: 1, pipeline: status }),
    });
    const text = await registry.metrics();
    expect(text).toMatch(/^launchwatch_web_pipeline_lag_seconds\{scope="all"\} 192$/m);
    expect(text).toMatch(/^launchwatch_web_pipeline_state\{state="behind"\} 1$/m);
    expect(text).toMatch(/^launchwatch_web_pipeline_producer_delay_seconds\{scope="all"\} 3.5$/m);
    expect(text).toMatch(/^launchwatch_web_pipeline_state\{state="live"\} 0$/m);
    status = pipelineStatus([], 0);
    const none = await registry.metrics();
    expect(none).not.toMatch(/^launchwatch_web_pipeline_lag_seconds\{/m);
    expect(none).not.toMatch(/^launchwatch_web_pipeline_producer_delay_seconds\{/m);
    expect(none).toMatch(/^launchwatch_web_pipeline_state\{state="waiting"\} 1$/m);
  });
});
