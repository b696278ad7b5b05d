/**
 * The `silences` row as both its readers select it: the dashboard's queries (matchers as text)
 * and the notifier's store (matchers parsed).
 */
import { epochMs } from "./sql-time";

/** A `silences` row as {@link selectSilences} returns it (times in epoch ms). */
export interface SilenceDbRow {
  id: string;
  matchers: string[];
  starts: number;
  ends: number;
  created_by: string;
  comment: string;
  created: number;
  clock: "wall" | "stream";
}

/** The columns of a {@link SilenceDbRow}, for `select` and `returning`. */
export const silenceColumns = `id, matchers, ${epochMs("starts_at")} as starts, ${epochMs("ends_at")} as ends, created_by,
                               comment, ${epochMs("created_at")} as created, clock`;

/** `select` of every {@link SilenceDbRow}; add the `where`. */
export const selectSilences = `select ${silenceColumns} from silences`;
