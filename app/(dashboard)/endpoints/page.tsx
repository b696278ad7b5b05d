import { EndpointList } from "../../_views/endpoint-list";

export const metadata = { title: "Endpoints · Launchwatch" };

export default function EndpointsPage() {
  return <EndpointList />;
}
