/** The HTTP contract of the shop search (`GET /api/v1/shops`): shops as the reference data describes them. */
import { z } from "zod";
import type { ShopInfo } from "../live/shop-view";

export const ShopInfoSchema = z.object({
  id: z.number(),
  chain: z.string(),
  city: z.string(),
  capacityPerMin: z.number(),
  weight: z.number(),
});
export const ShopSearchResponseSchema = z.object({ shops: z.array(ShopInfoSchema) });

// Compile-time: the schema describes exactly the reference type, both ways.
type Parsed = z.infer<typeof ShopInfoSchema>;
export const shopContractHolds: [(s: ShopInfo) => Parsed, (p: Parsed) => ShopInfo] = [(s) => s, (p) => p];
