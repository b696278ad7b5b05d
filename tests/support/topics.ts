/**
 * Topics for a test: created once, before its producers and consumers start, the way the web
 * process creates them at its start (server/web-kafka.ts), so a test runs on the same topics.
 */
export { ensureWebTopics as ensureTestTopics } from "../../server/web-kafka";
