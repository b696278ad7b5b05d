/**
 * Time-to-saturation forecast: fits a least-squares line to recent per-second request counts
 * and tells how long until the line crosses capacity. Null when the rate is flat or falling.
 */
export function secondsToSaturation(
  perSecond: ArrayLike<number>,
  capacityPerSec: number,
  horizonSec = 3600,
): number | null {
  const n = perSecond.length;
  if (n < 10 || capacityPerSec <= 0) return null;
  let sx = 0;
  let sy = 0;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const y = perSecond[i]!;
    sx += i;
    sy += y;
    sxy += i * y;
    sxx += i * i;
  }
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  const fitNow = sy / n + slope * (n - 1 - sx / n);
  if (fitNow >= capacityPerSec) return 0;
  if (!(slope > 0)) return null;
  const t = (capacityPerSec - fitNow) / slope;
  return t <= horizonSec ? t : null;
}
