/**
 * Headless Chromium for browser tests: Debian's chromium driven by playwright-core (no browser
 * download). Screenshots go to test-artifacts/<suite>/.
 */
import fs from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";

/** Where Debian installs chromium; CHROMIUM_PATH overrides. */
export const chromiumPath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
    ],
  });
}

export function artifactDir(suite: string): string {
  const dir = path.join(process.cwd(), "test-artifacts", suite);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Full-page screenshot; returns its path. */
export async function screenshot(page: Page, dir: string, name: string): Promise<string> {
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * A 1440x900 page of `browser` signed in with `cookie` (from `TestWeb.signIn`) for `url`; the
 * default timeout is 30 s.
 */
export async function signedInPage(browser: Browser, url: string, cookie: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const [name, value] = [cookie.slice(0, cookie.indexOf("=")), cookie.slice(cookie.indexOf("=") + 1)];
  await context.addCookies([{ name, value: decodeURIComponent(value), url }]);
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  return page;
}
