/**
 * Shops as a source mapping needs them: by the company's store code (`shops.external_id`) and by
 * id, with chain and city. Loaded once at start (300,000 shops: a few hundred ms).
 */
import pg from "pg";
import type { ShopDirectory, ShopIdentity } from "../../core/sources/mapper";

export async function loadShopIdentities(databaseUrl: string): Promise<ShopDirectory & { size: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{
      id: number;
      chain: string;
      city: string;
      external_id: string | null;
    }>("select id, chain, city, external_id from shops");
    const byId = new Map<number, ShopIdentity>();
    const byExternal = new Map<string, ShopIdentity>();
    for (const r of rows) {
      const shop = { id: r.id, chain: r.chain, city: r.city };
      byId.set(r.id, shop);
      if (r.external_id !== null) byExternal.set(r.external_id, shop);
    }
    return { byId: (id) => byId.get(id), byExternalId: (x) => byExternal.get(x), size: byId.size };
  } finally {
    await client.end();
  }
}
