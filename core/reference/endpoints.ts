/**
 * The app's API endpoints the campaign leans on, with what each can serve. Capacities are the
 * rates the API tier handles before it sheds load; the launch spike exceeds several of them.
 */

/** An API endpoint as stored in `api_endpoints`. */
export interface ApiEndpointRef {
  /** `METHOD /path`, also the Kafka key of its events. */
  name: string;
  /** Requests per second served before the endpoint sheds load. */
  capacityPerSecond: number;
  /** Median latency when not overloaded, ms. */
  baseLatencyMs: number;
}

/** Every endpoint, in a fixed order (the simulator indexes them by position). */
export const apiEndpoints: readonly ApiEndpointRef[] = [
  { name: "POST /voucher/claim", capacityPerSecond: 400, baseLatencyMs: 45 },
  { name: "POST /order/create", capacityPerSecond: 1000, baseLatencyMs: 80 },
  { name: "GET /shops/nearby", capacityPerSecond: 120, baseLatencyMs: 35 },
  { name: "GET /app/config", capacityPerSecond: 2000, baseLatencyMs: 12 },
  { name: "POST /auth/login", capacityPerSecond: 250, baseLatencyMs: 60 },
  { name: "POST /invite/share", capacityPerSecond: 300, baseLatencyMs: 40 },
];
