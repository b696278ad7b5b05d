/** A message as the simulator sends it: the topic (by role), the Kafka key and the encoded value. */
export type TopicRole = "orders" | "downloads" | "api";

export const topicRoles: readonly TopicRole[] = ["orders", "downloads", "api"];

export interface WireMessage {
  topic: TopicRole;
  /** Per the contract: shop id for orders, user id for downloads, endpoint for API events. */
  key: string;
  /** The JSON text of the event (what encodeEvent produces), or chaos. */
  value: string;
}
