/** One event of a launch, of any of the three types the pipeline counts. */
import type { ApiEvent } from "./api";
import type { DownloadEvent } from "./download";
import type { OrderEvent } from "./order";

export type LaunchEvent = OrderEvent | DownloadEvent | ApiEvent;
export type EventType = LaunchEvent["type"];
