import type { Metadata } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { parseTheme, themeCookie } from "./_lib/theme";
import { ThemeProvider } from "./_lib/theme-context";
import "./globals.css";
import "./responsive.css";

export const metadata: Metadata = {
  title: "Launchwatch",
  description:
    "Live operations dashboard for a launch that brings more traffic than the systems behind it can take.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The theme is on <html> from the first byte, so a dark room never sees a white flash.
  const theme = parseTheme((await cookies()).get(themeCookie)?.value);
  return (
    <html lang="en" data-theme={theme}>
      <body>
        <ThemeProvider initial={theme}>{children}</ThemeProvider>
      </body>
    </html>
  );
}
