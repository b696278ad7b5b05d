/**
 * The live views a client can subscribe to, and the room each one maps to. A room is the unit
 * the web tier computes once and fans out: every socket watching shop 42 shares `shop:42`.
 */
import { z } from "zod";

export const viewKinds = ["overview", "chain", "city", "shop", "endpoint", "alerts"] as const;
export type ViewKind = (typeof viewKinds)[number];

export const ViewRequestSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("overview") }),
  z.strictObject({ kind: z.literal("chain") }),
  z.strictObject({ kind: z.literal("city") }),
  z.strictObject({ kind: z.literal("shop"), shopId: z.number().int().nonnegative().max(2_147_483_647) }),
  z.strictObject({ kind: z.literal("endpoint"), endpoint: z.string().min(1).max(128) }),
  z.strictObject({ kind: z.literal("alerts") }),
]);
export type ViewRequest = z.infer<typeof ViewRequestSchema>;

/** `overview`, `chain`, `city`, `alerts`, `shop:<id>` or `endpoint:<name>`. */
export type RoomName = string & { readonly __room?: unique symbol };

export function roomOf(view: ViewRequest): RoomName {
  switch (view.kind) {
    case "shop":
      return `shop:${view.shopId}`;
    case "endpoint":
      return `endpoint:${view.endpoint}`;
    default:
      return view.kind;
  }
}

/** The inverse of {@link roomOf}; null for a name no view maps to. */
export function viewOfRoom(room: string): ViewRequest | null {
  const colon = room.indexOf(":");
  const kind = colon < 0 ? room : room.slice(0, colon);
  const arg = colon < 0 ? null : room.slice(colon + 1);
  const candidate =
    kind === "shop" && arg !== null && /^\d+$/.test(arg)
      ? { kind, shopId: Number(arg) }
      : kind === "endpoint" && arg !== null
        ? { kind, endpoint: arg }
        : arg === null
          ? { kind }
          : null;
  const parsed = ViewRequestSchema.safeParse(candidate);
  return parsed.success ? parsed.data : null;
}
