/**
 * Launch frames the size a full-scale worker's are (about 30 KB): the fixture launch's frames
 * (tests/support/launch-frames.ts) with their eight cities' orders spread over the reference
 * data's ~300, and orders made and failed per chain. For the replay reads, whose cost grows with
 * the frames' size (issue 15).
 */
import type { Frame } from "../../core/frames/frame";
import { windowCountsOf, windowNames } from "../../core/frames/windows";
import { createLaunchFrames, fixtureShops } from "./launch-frames";

/** Cities a full-scale frame reports orders for (the reference data has 300). */
export const fullScaleCities = 296;

/** `f` with its cities split into {@link fullScaleCities} and per-chain made and failed orders. */
export function fullScale(f: Frame): Frame {
  const per = fullScaleCities / Object.keys(f.byCity).length;
  const byCity: Frame["byCity"] = {};
  for (const [name, w] of Object.entries(f.byCity))
    for (let i = 0; i < per; i++)
      byCity[i === 0 ? name : `${name} ${i}`] = windowCountsOf((k) => Math.round(w[windowNames[k]!] / per));
  const part = (share: number) =>
    Object.fromEntries(
      Object.entries(f.byChain).map(([c, w]) => [
        c,
        windowCountsOf((k) => Math.round(w[windowNames[k]!] * share)),
      ]),
    );
  return { ...f, byCity, byChainMade: part(0.6), byChainFailed: part(0.03) };
}

/** Full-scale frames of two workers, one each per second from `fromSec` (exclusive) to `toSec`. */
export function fullScaleLaunch(fromSec: number, toSec: number): Frame[] {
  const frames = createLaunchFrames({ shops: fixtureShops(3000), ordersPerSec: 60 });
  const out: Frame[] = [];
  for (let s = fromSec + 1; s <= toSec; s++) out.push(...frames.framesAt(s).map(fullScale));
  return out;
}
