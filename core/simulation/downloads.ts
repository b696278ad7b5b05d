/**
 * The download and update surge. Existing users update the app for the voucher (a burst at
 * launch), new users install it as it climbs the app-store ranking, and invited friends install
 * through share links until the messaging app blocks them; then invites drop to a trickle that
 * arrives by QR code or copied links.
 */
import type { DownloadKind } from "../events/download";
import { launchLocalHour } from "./curve";

/** Default moment the share links are blocked: 3 h after launch (13:00 local). */
export const defaultShareBlockSec = 3 * 3600;

/** Fraction of invite traffic left once links are blocked. */
const afterBlockShare = 0.04;

export interface DownloadRates {
  install: number;
  update: number;
  invite: number;
  /** Share-link requests sent by inviters (API `POST /invite/share`), blocked or not. */
  shares: number;
}

export interface DownloadModel {
  /** Expected events during second `s` at scale 1. */
  expectedAt(s: number): DownloadRates;
  /** Seconds since launch when share links stop working. */
  readonly shareBlockSec: number;
  /** Channel of a download of `kind` at second `s`, from a uniform `u` in [0, 1). */
  channel(kind: DownloadKind, s: number, u: number): string;
}

const gauss = (x: number, mu: number, sigma: number) => Math.exp(-0.5 * ((x - mu) / sigma) ** 2);

/**
 * @param shareBlockSec when share links are blocked (default 3 h after launch)
 * @param startHour local hour at launch (default 10)
 */
export function createDownloadModel({
  shareBlockSec = defaultShareBlockSec,
  startHour = launchLocalHour,
}: {
  shareBlockSec?: number;
  startHour?: number;
} = {}): DownloadModel {
  return {
    shareBlockSec,
    expectedAt(s) {
      const t = s + 0.5;
      const ramp = 1 - Math.exp(-t / 30);
      const evening = 1 + 0.5 * gauss(startHour + t / 3600, 17.3, 1.6);
      // Invites need a first wave of users who have the voucher and share it.
      const inviteDesire = 45 * (1 - Math.exp(-t / 1200)) * evening;
      // The block takes effect within a couple of minutes as the messaging app rolls it out.
      const blocked = t < shareBlockSec ? 0 : 1 - Math.exp(-(t - shareBlockSec) / 60);
      return {
        update: ramp * (20 + 420 * Math.exp(-t / 1500)),
        install: ramp * (8 + 22 * (1 - Math.exp(-t / 3600))) * evening,
        invite: inviteDesire * (1 - blocked * (1 - afterBlockShare)),
        // People keep trying to share for a while, then mostly give up.
        shares: 1.5 * inviteDesire * (1 - 0.6 * blocked),
      };
    },
    channel(kind, s, u) {
      if (kind === "update") return u < 0.6 ? "in_app" : "app_store";
      if (kind === "install") return u < 0.55 ? "app_store" : u < 0.8 ? "search_ad" : "feed_ad";
      if (s < shareBlockSec) return "share_link";
      return u < 0.7 ? "qr_code" : "copied_link";
    },
  };
}
