/** App download events: installs, updates, and installs through an invite link. Topic `downloads`, key = user id. */
import { z } from "zod";

export const downloadKinds = ["install", "update", "invite"] as const;
export type DownloadKind = (typeof downloadKinds)[number];
export const platforms = ["ios", "android", "harmony"] as const;

export const DownloadEventSchema = z
  .strictObject({
    v: z.literal(1),
    type: z.literal("download"),
    id: z.string().min(1).max(64),
    userId: z.string().min(1).max(64),
    kind: z.enum(downloadKinds),
    /** The user whose share link brought this install; set exactly when kind is `invite`. */
    inviterId: z.string().min(1).max(64).nullable(),
    platform: z.enum(platforms),
    /** Where the download came from: app store, share link, ads... */
    channel: z.string().min(1).max(32),
    ts: z.number().int().positive(),
  })
  .refine((e) => (e.kind === "invite") === (e.inviterId !== null), {
    message: "inviterId is required for invites and only for invites",
    path: ["inviterId"],
  });

export type DownloadEvent = z.infer<typeof DownloadEventSchema>;

export const downloadKey = (e: Pick<DownloadEvent, "userId">): string => e.userId;
