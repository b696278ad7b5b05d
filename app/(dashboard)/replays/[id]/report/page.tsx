import { ReplayReport } from "../../../../_views/replay-report";

export const metadata = { title: "Launch report · Launchwatch" };

export default async function ReplayReportPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ReplayReport id={id} />;
}
