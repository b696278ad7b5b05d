/**
 * One simulated second of app downloads: Poisson counts per kind from the download model, each
 * a wire message (updates by existing users, installs and invites by new ones), and the invite
 * rates around the share block that the launch reports.
 */
import { poisson } from "./distributions";
import type { DownloadModel } from "./downloads";
import type { IdFactory } from "./ids";
import type { LaunchStats } from "./launch-stats";
import { downloadMessage } from "./messages";
import type { Rng } from "./rng";
import type { WireMessage } from "./wire";

export interface DownloadCounts {
  update: number;
  install: number;
  invite: number;
}

export interface DownloadEvents {
  /** Appends second `second`'s downloads (event time from `atMs`) to `out`; returns the counts. */
  second(
    second: number,
    atMs: number,
    rates: ReturnType<DownloadModel["expectedAt"]>,
    out: WireMessage[],
  ): DownloadCounts;
}

export function createDownloadEvents({
  model,
  rng,
  ids,
  scale,
  stats,
}: {
  model: DownloadModel;
  rng: Rng;
  ids: IdFactory;
  scale: number;
  stats: LaunchStats;
}): DownloadEvents {
  const block = model.shareBlockSec;
  let seq = 0;
  let newUsers = 0;
  let invitesBefore = 0;
  let invitesAfter = 0;
  const existingUser = () => ids.existingUser(Math.floor(rng.next() * 2 ** 32));

  return {
    second(second, atMs, rates, out) {
      const counts = {
        update: poisson(rng, rates.update * scale),
        install: poisson(rng, rates.install * scale),
        invite: poisson(rng, rates.invite * scale),
      };
      for (const kind of ["update", "install", "invite"] as const) {
        for (let i = 0; i < counts[kind]; i++) {
          const p = rng.next();
          const id = ids.downloadId(seq++);
          const userId = kind === "update" ? existingUser() : ids.newUser(newUsers++);
          out.push(
            downloadMessage({
              v: 1,
              type: "download",
              id,
              userId,
              kind,
              inviterId: kind === "invite" ? existingUser() : null,
              platform: p < 0.6 ? "android" : p < 0.92 ? "ios" : "harmony",
              channel: model.channel(kind, second, rng.next()),
              ts: atMs + Math.floor(rng.next() * 1000),
            }),
          );
        }
        stats.downloads[kind] += counts[kind];
      }
      if (second >= block - 1800 && second < block) invitesBefore += counts.invite;
      if (second >= block + 300 && second < block + 2100) invitesAfter += counts.invite;
      if (second === block - 1) stats.invitesPerMinute.beforeBlock = invitesBefore / 30;
      if (second === block + 2099) stats.invitesPerMinute.afterBlock = invitesAfter / 30;
      return counts;
    },
  };
}
