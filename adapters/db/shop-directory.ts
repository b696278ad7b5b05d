/** Read side of the Shop reference table for the dashboard: search, lookup and capacity sums. */
import type { PrismaClient } from "@prisma/client";
import { capacityFromGroups, type ReferenceCapacity } from "../../core/live/reference-capacity";
import type { ShopInfo } from "../../core/live/shop-view";

export interface ShopSearch {
  /** Free text: a shop id, and/or words matched against chain and city (all must match). */
  q: string;
  limit: number;
}

export interface ShopDirectory {
  search(input: ShopSearch): Promise<ShopInfo[]>;
  get(id: number): Promise<ShopInfo | null>;
  capacity(): Promise<ReferenceCapacity>;
  /** Every API endpoint with its capacity. */
  endpoints(): Promise<Array<{ name: string; capacityPerSecond: number; baseLatencyMs: number }>>;
}

const toInfo = (s: {
  id: number;
  chain: string;
  city: string;
  capacityPerMinute: number;
  weight: number;
}) => ({
  id: s.id,
  chain: s.chain,
  city: s.city,
  capacityPerMin: s.capacityPerMinute,
  weight: s.weight,
});

/** Splits a query into a numeric id (if any token is one) and the remaining words. */
export function parseShopQuery(q: string): { id: number | null; words: string[] } {
  const tokens = q.trim().split(/\s+/).filter(Boolean);
  const numeric = tokens.find((t) => /^#?\d{1,9}$/.test(t));
  return {
    id: numeric === undefined ? null : Number(numeric.replace("#", "")),
    words: tokens.filter((t) => t !== numeric).slice(0, 5),
  };
}

export function createShopDirectory(prisma: PrismaClient): ShopDirectory {
  return {
    async search({ q, limit }) {
      const { id, words } = parseShopQuery(q);
      if (id === null && words.length === 0) return [];
      const rows = await prisma.shop.findMany({
        where: {
          AND: [
            ...(id === null ? [] : [{ id }]),
            ...words.map((w) => ({
              OR: [
                { chain: { contains: w, mode: "insensitive" as const } },
                { city: { contains: w, mode: "insensitive" as const } },
              ],
            })),
          ],
        },
        // The busiest shops first: they are the ones an incident is about.
        orderBy: [{ weight: "desc" }, { id: "asc" }],
        take: limit,
      });
      return rows.map(toInfo);
    },
    async get(id) {
      const s = await prisma.shop.findUnique({ where: { id } });
      return s ? toInfo(s) : null;
    },
    async capacity() {
      const groups = await prisma.shop.groupBy({
        by: ["chain", "city"],
        _count: { _all: true },
        _sum: { capacityPerMinute: true },
      });
      return capacityFromGroups(
        groups.map((g) => ({
          chain: g.chain,
          city: g.city,
          shops: g._count._all,
          capacityPerMin: g._sum.capacityPerMinute ?? 0,
        })),
      );
    },
    endpoints: () => prisma.apiEndpoint.findMany({ orderBy: { name: "asc" } }),
  };
}
