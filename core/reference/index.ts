/**
 * Reference data: shops, cities, chains and API endpoints, all pure and deterministic from a seed,
 * so the seeding script, the simulator, the worker and the tests agree without sharing a file.
 */
import { type ApiEndpointRef, apiEndpoints } from "./endpoints";
import { defaultReferenceSeed, defaultShopCount, generateShops, type ShopTable } from "./shops";

export * from "./chains";
export * from "./cities";
export * from "./endpoints";
export * from "./shops";

export interface ReferenceData {
  seed: string;
  shops: ShopTable;
  endpoints: readonly ApiEndpointRef[];
}

/**
 * Generates all reference data for `seed` (default {@link defaultReferenceSeed}) and `shopCount`
 * (default 300,000). About 100 ms for the full set.
 */
export function generateReferenceData(
  seed: string = defaultReferenceSeed,
  shopCount: number = defaultShopCount,
): ReferenceData {
  return { seed, shops: generateShops({ seed, count: shopCount }), endpoints: apiEndpoints };
}
