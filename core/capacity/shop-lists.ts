/**
 * Lists of shop ids in typed arrays, reused: a second's arrivals and a ring slot's shops are
 * thousands of ids that live up to a minute, and as plain arrays they were most of what the
 * garbage collector had to copy.
 */
export interface ShopList {
  ids: Int32Array;
  length: number;
}

export const pushShop = (list: ShopList, shop: number) => {
  if (list.length === list.ids.length) {
    const bigger = new Int32Array(list.ids.length * 2);
    bigger.set(list.ids);
    list.ids = bigger;
  }
  list.ids[list.length++] = shop;
};

export interface ShopListPool {
  take(): ShopList;
  /** Empties `list` and keeps it for reuse (beyond the pool's size, leaves it to the collector). */
  release(list: ShopList): void;
}

export function createShopListPool(size: number): ShopListPool {
  const pool: ShopList[] = [];
  return {
    take: () => pool.pop() ?? { ids: new Int32Array(64), length: 0 },
    release(list) {
      list.length = 0;
      if (pool.length < size) pool.push(list);
    },
  };
}
