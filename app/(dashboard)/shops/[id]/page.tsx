import { notFound } from "next/navigation";
import { ShopDetail } from "../../../_views/shop-detail";

export const metadata = { title: "Shop · Launchwatch" };

export default async function ShopPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^\d{1,10}$/.test(id)) notFound();
  return <ShopDetail shopId={Number(id)} />;
}
