import { EndpointDetail } from "../../../_views/endpoint-detail";

export const metadata = { title: "Endpoint · Launchwatch" };

export default async function EndpointPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <EndpointDetail endpoint={decodeURIComponent(name)} />;
}
