import { ShopSearch } from "../../_views/shop-search";

export const metadata = { title: "Shops · Launchwatch" };

export default function ShopsPage() {
  return <ShopSearch />;
}
