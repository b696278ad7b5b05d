/**
 * The playback position a replay's share link carries (`?t=`, whole seconds since the start).
 * Pure.
 */

/**
 * Seconds since the start as the player's clock shows them: whole seconds rounded down, so a
 * position of 12:34.7 (shown "+0:12:34") shares as 754, not 755. Rounding to the nearest second
 * opened half of all shared links one second after the clock the sharer read.
 */
export function linkSeconds(playback: { from: number; position: number }): number {
  return Math.max(0, Math.floor((playback.position - playback.from) / 1000));
}
