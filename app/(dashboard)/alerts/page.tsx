import { Panel } from "../../_components/bits";
import { AlertsList } from "../../_views/alerts-list";

export const metadata = { title: "Alerts · Launchwatch" };

export default function AlertsPage() {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Alerts</h1>
          <div className="sub">Active alerts, most severe first</div>
        </div>
      </div>
      <Panel title="Active">
        <AlertsList />
      </Panel>
    </>
  );
}
