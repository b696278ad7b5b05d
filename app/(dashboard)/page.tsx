import { Overview } from "../_views/overview";

export default function OverviewPage() {
  return <Overview />;
}
