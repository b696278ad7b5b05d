"use client";
/**
 * The shops overloaded right now (the live feed's most overloaded), narrowed to the filtered chain
 * and/or city, in the shared panel chrome with the age of the frame it comes from.
 */
import type { OverviewView } from "../../core/live/overview";
import { Empty } from "../_components/bits";
import { ExpandablePanel } from "../_components/expandable-panel";
import { topShopsSlice, unsupported } from "../_lib/filtered-overview";
import { anyFilter, filtersText, useFilters } from "../_lib/filters";
import { usePipelineStaleReason } from "../_lib/use-stale-reason";
import { TopShops } from "./top-shops";

export function OverloadedNow({ view }: { view: OverviewView | null }) {
  const { filters } = useFilters();
  const staleReason = usePipelineStaleReason();
  const shops = view ? topShopsSlice(view, filters) : null;
  const ignored = unsupported(filters, ["chain", "city"], "shops");
  return (
    <ExpandablePanel
      title="Overloaded right now"
      hint={
        anyFilter(filters)
          ? `from the live feed's most overloaded · ${filtersText(filters)}`
          : "from the live feed"
      }
      testId="panel-overloaded"
      updatedAt={view ? view.at : null}
      staleReason={staleReason}
    >
      {!shops ? (
        <Empty title="No data yet" />
      ) : !shops.ok ? (
        <Empty title={`No shops for ${filtersText(filters)}`}>
          <span data-testid="filter-reason">{ignored ?? shops.reason}</span>
        </Empty>
      ) : shops.value.length ? (
        <TopShops shops={shops.value} />
      ) : (
        <TopShops shops={[]} filtered={anyFilter(filters)} />
      )}
    </ExpandablePanel>
  );
}
