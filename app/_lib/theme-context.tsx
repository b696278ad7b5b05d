"use client";
/** Current theme for components that need concrete colours (charts), and the toggle. */
import { createContext, type ReactNode, useCallback, useContext, useState } from "react";
import { type Palette, palettes, type Theme, themeCookie } from "./theme";

const Ctx = createContext<{ theme: Theme; palette: Palette; toggle: () => void }>({
  theme: "dark",
  palette: palettes.dark,
  toggle: () => {},
});

export function ThemeProvider({ initial, children }: { initial: Theme; children: ReactNode }) {
  const [theme, setTheme] = useState<Theme>(initial);
  const toggle = useCallback(() => {
    setTheme((t) => {
      const next: Theme = t === "dark" ? "light" : "dark";
      document.documentElement.dataset.theme = next;
      // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie, read by the server for the first paint.
      document.cookie = `${themeCookie}=${next}; Path=/; Max-Age=31536000; SameSite=Lax`;
      return next;
    });
  }, []);
  return <Ctx.Provider value={{ theme, palette: palettes[theme], toggle }}>{children}</Ctx.Provider>;
}

export const useTheme = () => useContext(Ctx);
