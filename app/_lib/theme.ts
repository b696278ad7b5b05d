/** The two themes: names, the cookie that remembers the choice, and chart colours per theme. */

export type Theme = "dark" | "light";
export const themeCookie = "lw_theme";
export const parseTheme = (v: string | undefined | null): Theme => (v === "light" ? "light" : "dark");

export interface Palette {
  text: string;
  muted: string;
  grid: string;
  panel: string;
  accent: string;
  ok: string;
  warn: string;
  crit: string;
  series: string[];
}

/** Recharts draws SVG attributes, which do not resolve CSS variables reliably: concrete colours. */
export const palettes: Record<Theme, Palette> = {
  dark: {
    text: "#e8eef5",
    muted: "#93a1b1",
    grid: "#243040",
    panel: "#131a22",
    accent: "#5aa9ff",
    ok: "#3fbf6f",
    warn: "#f0b429",
    crit: "#ff5d5d",
    series: ["#5aa9ff", "#c792ea", "#3fbf6f", "#f0b429", "#ff8c5a", "#4dd0e1", "#f06292", "#aed581"],
  },
  light: {
    text: "#16202b",
    muted: "#56636f",
    grid: "#e3e8ee",
    panel: "#ffffff",
    accent: "#0b63ce",
    ok: "#1b7f3b",
    warn: "#b07800",
    crit: "#c8232c",
    series: ["#0b63ce", "#8e44ad", "#1b7f3b", "#b07800", "#d35400", "#00838f", "#c2185b", "#558b2f"],
  },
};
