import { Breakdown } from "../../_views/breakdown";

export const metadata = { title: "Chains · Launchwatch" };

export default function ChainsPage() {
  return <Breakdown dimension="chain" />;
}
