/** What a history chart shows while it has no points: loading, the error, or why it is empty. */
import { Empty } from "./bits";

export function ChartEmpty({ loading, error }: { loading: boolean; error: string | null }) {
  if (error) return <Empty title="Could not load history">{error}</Empty>;
  if (loading) return <Empty title="Loading history…" />;
  return (
    <Empty title="No points yet">
      Live charts fill in second by second; history needs frame snapshots for the chosen range.
    </Empty>
  );
}
