import { ReplaysPage } from "../../_views/replays-page";

export const metadata = { title: "Replays · Launchwatch" };

export default function Replays() {
  return <ReplaysPage />;
}
