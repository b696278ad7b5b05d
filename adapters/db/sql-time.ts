/** SQL for reading a `timestamptz` column as epoch milliseconds (a float8 `pg` returns as a number). */
export const epochMs = (col: string) => `(extract(epoch from ${col}) * 1000)::float8`;
