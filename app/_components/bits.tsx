/** Small presentational pieces shared by the pages. */
import type { ReactNode } from "react";
import { fmtPct, type Level, levelWord, utilLevel } from "../_lib/format";

export function Kpi({
  label,
  value,
  unit,
  detail,
  level,
  word,
  note,
  muted,
  testId,
}: {
  label: string;
  value: ReactNode;
  unit?: string;
  detail?: ReactNode;
  level?: Level;
  /** The tag's word when not OK (default HIGH / OVER, for load). */
  word?: string;
  /** A grey tag saying how current the number is ("BEHIND", "PARTIAL", "NO DATA"). */
  note?: string;
  /** No current number: greyed, no load level. */
  muted?: boolean;
  testId?: string;
}) {
  const shown = muted ? undefined : level;
  return (
    <div className={`panel kpi ${shown ?? ""} ${muted ? "muted" : ""}`} data-testid={testId}>
      <div className="label">
        {label}{" "}
        {shown && shown !== "ok" ? <span className={`tag ${shown}`}>{word ?? levelWord[shown]}</span> : null}
        {note ? (
          <span className="tag none" data-testid={testId ? `${testId}-note` : undefined}>
            {note}
          </span>
        ) : null}
      </div>
      <div className="value">
        {value}
        {unit ? <small>{unit}</small> : null}
      </div>
      {detail ? <div className="detail">{detail}</div> : null}
    </div>
  );
}

export function UtilBar({ value }: { value: number | null | undefined }) {
  const level = utilLevel(value);
  const width = Math.min(100, Math.max(0, (value ?? 0) * 100));
  return (
    <span className="utilbar" title={`${fmtPct(value, 1)} of capacity`}>
      <span className="track">
        <span
          className="fill"
          style={{ width: `${width}%`, display: "block", background: `var(--${level})` }}
        />
      </span>
      <span className="pct" style={{ color: level === "ok" ? undefined : `var(--${level})` }}>
        {fmtPct(value)}
      </span>
    </span>
  );
}

export function LevelTag({ value }: { value: number | null | undefined }) {
  const level = utilLevel(value);
  return <span className={`tag ${level}`}>{levelWord[level]}</span>;
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty" role="status">
      <strong>{title}</strong>
      {children}
    </div>
  );
}

export function Panel({
  title,
  hint,
  children,
  testId,
}: {
  title: ReactNode;
  hint?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section className="panel" data-testid={testId}>
      <h2>
        <span>{title}</span>
        {hint ? <span className="hint">{hint}</span> : null}
      </h2>
      {children}
    </section>
  );
}

/**
 * A semicircle gauge from 0 to 150 % of capacity, with a mark at 100 %. The number and a word
 * (OK / HIGH / OVER) carry the meaning; colour only repeats it. Without a current value (null)
 * it is grey and says NO DATA, never a green OK.
 */
export function Gauge({
  label,
  value,
  note,
  testId,
}: {
  label: string;
  value: number | null | undefined;
  /** Said instead of OK when the value is not current ("BEHIND"); HIGH / OVER still show. */
  note?: string;
  testId?: string;
}) {
  const noData = value === null || value === undefined;
  const level = utilLevel(value);
  const max = 1.5;
  const frac = Math.min(1, Math.max(0, (value ?? 0) / max));
  const r = 60;
  const cx = 75;
  const cy = 75;
  const point = (f: number) => {
    const a = Math.PI * (1 - f);
    return [cx + r * Math.cos(a), cy - r * Math.sin(a)] as const;
  };
  const [ex, ey] = point(frac);
  const [mx1, my1] = point(1 / max);
  const [mx2, my2] = [
    cx + (r + 9) * Math.cos(Math.PI * (1 - 1 / max)),
    cy - (r + 9) * Math.sin(Math.PI * (1 - 1 / max)),
  ];
  return (
    <div className={`gauge ${noData ? "no-data" : ""}`} data-testid={testId}>
      <svg
        width="150"
        height="86"
        viewBox="0 0 150 86"
        role="img"
        aria-label={noData ? `${label}: no current data` : `${label}: ${fmtPct(value)} of capacity`}
      >
        <path
          d={`M ${cx - r} ${cy} A ${r} ${r} 0 0 1 ${cx + r} ${cy}`}
          fill="none"
          stroke="var(--panel-2)"
          strokeWidth="14"
        />
        {frac > 0 ? (
          <path
            d={`M ${cx - r} ${cy} A ${r} ${r} 0 0 1 ${ex} ${ey}`}
            fill="none"
            stroke={`var(--${level})`}
            strokeWidth="14"
          />
        ) : null}
        <line x1={mx1} y1={my1} x2={mx2} y2={my2} stroke="var(--text)" strokeWidth="2" />
      </svg>
      <div className="g-value" style={{ color: noData || level === "ok" ? undefined : `var(--${level})` }}>
        {fmtPct(value)}
      </div>
      <div className="g-label" title={label}>
        {label}
      </div>
      {noData || (note && level === "ok") ? (
        <span className="tag none">{noData ? "NO DATA" : note}</span>
      ) : (
        <span className={`tag ${level}`}>{levelWord[level]}</span>
      )}
    </div>
  );
}
