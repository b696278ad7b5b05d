"use client";
/** The frame around every dashboard page: navigation, live status, theme and account. */
import Link from "next/link";
import { usePathname } from "next/navigation";
import { type ReactNode, useEffect, useState } from "react";
import type { PagePrincipal } from "../../core/auth/principal-header";
import { fmtSpan } from "../../core/pipeline/status";
import { AnnotationsProvider } from "../_lib/annotations";
import { FiltersProvider } from "../_lib/filters";
import { fmtAge } from "../_lib/format";
import { useConnection, useNow } from "../_lib/live-context";
import { useTheme } from "../_lib/theme-context";
import { tzLabel, useTimeZone } from "../_lib/time-zone";

const links = [
  { href: "/", label: "Overview" },
  { href: "/chains", label: "Chains" },
  { href: "/cities", label: "Cities" },
  { href: "/shops", label: "Shops" },
  { href: "/endpoints", label: "Endpoints" },
  { href: "/alerts", label: "Alerts" },
  { href: "/rules", label: "Rules" },
  { href: "/replays", label: "Replays" },
  { href: "/account", label: "Account" },
];

function LivePill() {
  const { info } = useConnection();
  const now = useNow();
  const s = info.status;
  let cls = "warn";
  let text = "Connecting";
  if (info.state === "reconnecting" || info.state === "unauthorized" || info.state === "session-ended") {
    cls = "crit";
    text = info.state === "reconnecting" ? "Offline" : "Signed out";
  } else if (info.state === "connected" && s) {
    const p = s.pipeline;
    if (s.kafka === "down") [cls, text] = ["crit", "Kafka down"];
    else if (s.feed === "stale" && s.lastFrameAt)
      [cls, text] = [
        "crit",
        `Stale · ${p.state === "no-data" ? p.text : `no frame for ${fmtAge(now + info.clockOffsetMs - s.lastFrameAt)}`}`,
      ];
    else if (p.state === "live") [cls, text] = ["ok", p.text];
    else if (p.state === "behind" || p.state === "stale") [cls, text] = ["warn", p.text];
    else if (p.state === "no-data") [cls, text] = ["crit", p.text];
    else [cls, text] = ["warn", "Waiting for data"];
  }
  return (
    <span className="pill-group">
      <span
        className={`pill ${cls}`}
        data-testid="live-pill"
        data-state={s?.pipeline.state}
        title={info.error ?? undefined}
      >
        <span className="dot" />
        {text}
      </span>
      <StreamClock />
      <TimeZoneNote />
    </span>
  );
}

/** The zone the page's clock times (chart axes, tooltips) are in: the browser's. */
function TimeZoneNote() {
  const tz = useTimeZone();
  if (!tz) return null;
  return (
    <span
      className="clock-note tz-note"
      data-testid="time-zone"
      title="Chart axes and tooltips are in this time zone"
    >
      Times in {tzLabel(tz)}
    </span>
  );
}

/** Which clock the page follows, and how far the stream is behind the wall clock. */
function StreamClock() {
  const { info } = useConnection();
  const p = info.status?.pipeline;
  if (!p || p.streamTime === null || p.streamBehindWallMs === null) return null;
  const at = new Date(p.streamTime).toISOString().replace("T", " ").slice(0, 19);
  const behind = p.streamBehindWallMs;
  return (
    <span
      className="clock-note"
      data-testid="stream-clock"
      data-clock={p.clock}
      title="Ages, since, silences and ranges follow this clock (docs/DASHBOARD.md)"
    >
      {p.clock === "stream"
        ? `Stream clock ${at} UTC · ${fmtSpan(Math.abs(behind))} ${behind >= 0 ? "behind" : "ahead of"} wall clock`
        : `Data up to ${at.slice(11)} UTC`}
    </span>
  );
}

async function signOut() {
  await fetch("/api/auth/logout", { method: "POST", credentials: "same-origin" }).catch(() => {});
  window.location.href = "/login";
}

/** Kiosk reloads itself this often, so a wall screen picks up a new deploy and frees memory. */
const kioskReloadMs = 30 * 60_000;

/**
 * Kiosk / TV mode from `?kiosk=1` (kept in the URL, so a shared link or a reload stays in it):
 * marks <html data-kiosk> for the large type of app/responsive.css; live views refresh
 * themselves, and the page reloads every 30 minutes.
 */
function useKiosk(): boolean {
  const path = usePathname();
  const [kiosk, setKiosk] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the query is read again on each navigation
  useEffect(() => {
    const on = ["1", "true"].includes(new URLSearchParams(window.location.search).get("kiosk") ?? "");
    setKiosk(on);
    document.documentElement.dataset.kiosk = String(on);
    if (!on) return;
    const t = setTimeout(() => window.location.reload(), kioskReloadMs);
    return () => clearTimeout(t);
  }, [path]);
  return kiosk;
}

/** The dashboard's state every page shares besides the time range: filters and annotations. */
function PageState({ children }: { children: ReactNode }) {
  return (
    <FiltersProvider>
      <AnnotationsProvider>{children}</AnnotationsProvider>
    </FiltersProvider>
  );
}

export function Shell({ user, children }: { user: PagePrincipal; children: ReactNode }) {
  const path = usePathname();
  const { theme, toggle } = useTheme();
  // On a phone the navigation is a menu (app/responsive.css); it closes once a page is chosen.
  const [menuOpen, setMenuOpen] = useState(false);
  const kiosk = useKiosk();
  const active = (href: string) =>
    href === "/" ? path === "/" : path === href || path.startsWith(`${href}/`);
  if (kiosk)
    return (
      <>
        {/* No chrome, but the pipeline's state stays on screen: a frozen wall must say so. */}
        <div className="kiosk-status">
          <LivePill />
        </div>
        <main className="main">
          <PageState>{children}</PageState>
        </main>
        <a className="kiosk-exit" href={path} data-testid="kiosk-exit">
          exit kiosk
        </a>
      </>
    );
  return (
    <>
      <header className="topbar">
        <Link href="/" className="brand">
          Launch<span>watch</span>
        </Link>
        <button
          type="button"
          className="nav-toggle"
          aria-expanded={menuOpen}
          aria-controls="dashboard-nav"
          data-testid="nav-toggle"
          onClick={() => setMenuOpen((o) => !o)}
        >
          ☰ Menu
        </button>
        <nav className="nav" id="dashboard-nav" aria-label="Dashboard" data-open={menuOpen}>
          {links.map((l) => (
            <Link
              key={l.href}
              href={l.href}
              aria-current={active(l.href) ? "page" : undefined}
              onClick={() => setMenuOpen(false)}
            >
              {l.label}
            </Link>
          ))}
        </nav>
        <div className="topbar-right">
          <LivePill />
          <button type="button" onClick={toggle} aria-label="Switch theme" data-testid="theme-toggle">
            {theme === "dark" ? "☀ Light" : "☾ Dark"}
          </button>
          <span className="user">
            {user.username} · {user.role}
          </span>
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main className="main">
        <PageState>{children}</PageState>
      </main>
    </>
  );
}
