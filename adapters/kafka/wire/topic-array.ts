/**
 * The shape Produce and Fetch responses share: `[topic: name string | [partition ...]]`.
 * Walks it from `pos`; `readPartition` reads one partition entry at `at` and returns the
 * position after it. Returns the position after the array.
 */
export function readTopicArray(
  body: Buffer,
  pos: number,
  readPartition: (topic: string, at: number) => number,
): number {
  const topics = body.readInt32BE(pos);
  pos += 4;
  for (let t = 0; t < topics; t++) {
    const len = body.readInt16BE(pos);
    pos += 2;
    const topic = body.toString("utf8", pos, pos + len);
    pos += len;
    const count = body.readInt32BE(pos);
    pos += 4;
    for (let i = 0; i < count; i++) pos = readPartition(topic, pos);
  }
  return pos;
}
