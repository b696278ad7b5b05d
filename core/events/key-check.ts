/**
 * Orders are keyed by their shop id (docs/EVENTS.md), which is what puts every order of a shop
 * on one partition and so one worker's shop load. A key that names another shop than the body
 * would count the order on the wrong worker's shop: such an order is dead-lettered instead.
 */

/**
 * Whether `data[start, end)` is the decimal `shopId` (a null key, start -1, passes: nothing to
 * disagree with). Reads the bytes in place; allocates nothing.
 */
export function keyMatchesShop(data: Uint8Array, start: number, end: number, shopId: number): boolean {
  if (start < 0) return true;
  if (end - start < 1 || end - start > 15) return false;
  if (data[start] === 0x30 && end - start > 1) return false; // no leading zeros
  let n = 0;
  for (let i = start; i < end; i++) {
    const d = data[i]! - 0x30;
    if (d < 0 || d > 9) return false;
    n = n * 10 + d;
  }
  return n === shopId;
}
