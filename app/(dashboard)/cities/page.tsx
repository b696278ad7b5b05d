import { Breakdown } from "../../_views/breakdown";

export const metadata = { title: "Cities · Launchwatch" };

export default function CitiesPage() {
  return <Breakdown dimension="city" />;
}
