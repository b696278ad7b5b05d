/**
 * A frame sequence the way one aggregation worker emits it: one frame per event-time second,
 * each closing the previous second, with the watermark advancing.
 */
import type { Frame, SecondPoint } from "../../core/frames/frame";
import { frame, secondPoint } from "./frame-factory";

/** The frame of `source` at epoch second `sec`; it closes second `sec - 1`. */
export function frameAt(sec: number, over: Partial<Frame> = {}, point: Partial<SecondPoint> = {}): Frame {
  return frame({
    source: "w1",
    seq: sec,
    emittedAt: Date.now(),
    watermark: sec * 1000,
    seconds: [secondPoint(sec - 1, point)],
    ...over,
  });
}
