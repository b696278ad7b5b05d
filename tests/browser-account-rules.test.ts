/**
 * The Account and Rules pages in headless Chromium against the real web server (production
 * Next.js build) and the test database, each action checked through the server (the JSON API,
 * a sign-in, or a reload), not only on the page:
 * - an admin creates an API token, sees its secret once (not after a reload), the secret works as
 *   a bearer token until the admin revokes it; adds a user (whose one-time password signs in),
 *   changes their role, revokes their tokens, disables and re-enables them and resets their
 *   password; the admin's own row has no actions;
 * - a viewer gets neither the token form nor the Users panel, an operator the token form (roles up
 *   to operator) but no Users panel;
 * - an operator edits a rule: bad values are refused with the field named and nothing stored,
 *   Cancel leaves the rule as it was, a good value is stored as typed and shown after a reload,
 *   durations read one way (`2m` whether stored as 120000 or "120s"); a viewer has no Edit column.
 * Screenshots go to test-artifacts/account-rules/.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../adapters/log";
import type { ApiTokenJson, UserJson } from "../core/api/accounts";
import type { RuleRecord } from "../core/api/alerting";
import { ensureNextBuild } from "../server/next-app";
import { artifactDir, launchChromium, screenshot, signedInPage } from "./support/browser";
import { waitFor } from "./support/wait";
import { startTestWeb, type TestWeb } from "./support/web";

const dir = artifactDir("account-rules");
const run = Math.random().toString(36).slice(2, 8);
const admin = `adm-${run}`;
const operator = `op-${run}`;
const viewer = `view-${run}`;
/** The user the admin adds on the page. */
const added = `new-${run}`;
const errRule = `err-${run}`;
const latRule = `lat-${run}`;

let web: TestWeb;
let url: string;
let browser: Browser;
const cookies: Record<"admin" | "operator" | "viewer", string> = { admin: "", operator: "", viewer: "" };
const pages: Partial<Record<keyof typeof cookies, Page>> = {};

beforeAll(async () => {
  await ensureNextBuild({ dir: process.cwd(), logger: silentLogger });
  web = await startTestWeb("browser-account-rules", { next: { mode: "production" } });
  url = web.server.url;
  // One rule whose `for` is stored as milliseconds, one as text: both read `2m`.
  await web.server.prisma.$executeRawUnsafe(
    `insert into alert_rules (id, definition) values ($1, $2::jsonb), ($3, $4::jsonb)`,
    errRule,
    JSON.stringify({ id: errRule, kind: "endpoint_error_rate", threshold: 0.05, for: 120_000 }),
    latRule,
    JSON.stringify({ id: latRule, kind: "endpoint_latency_p99", thresholdMs: 800, for: "120s" }),
  );
  for (const [key, name, role] of [
    ["admin", admin, "admin"],
    ["operator", operator, "operator"],
    ["viewer", viewer, "viewer"],
  ] as const) {
    const u = await web.createUser(name, role);
    cookies[key] = await web.signIn(u.username, u.password);
  }
  browser = await launchChromium();
  for (const key of ["admin", "operator", "viewer"] as const)
    pages[key] = await signedInPage(browser, url, cookies[key]);
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
});

// --- the server's side of things -------------------------------------------------------------

/** A JSON API call with a cookie or a bearer token; the status and the parsed body. */
async function api<T = unknown>(
  path: string,
  auth: { cookie?: string; token?: string },
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: T }> {
  const r = await fetch(`${url}${path}`, {
    method: init.method ?? "GET",
    headers: {
      ...(auth.cookie ? { cookie: auth.cookie } : {}),
      ...(auth.token ? { authorization: `Bearer ${auth.token}` } : {}),
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await r.text();
  return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
}

async function login(username: string, password: string) {
  const r = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  await r.body?.cancel();
  return { status: r.status, cookie: (r.headers.get("set-cookie") ?? "").split(";")[0]! };
}

async function userAsAdminSees(username: string): Promise<UserJson | undefined> {
  const r = await api<{ users: UserJson[] }>("/api/v1/users", { cookie: cookies.admin });
  expect(r.status).toBe(200);
  return r.body.users.find((u) => u.username === username);
}

async function storedRule(id: string): Promise<RuleRecord> {
  const r = await api<{ rules: RuleRecord[] }>("/api/v1/rules", { cookie: cookies.viewer });
  expect(r.status).toBe(200);
  const rule = r.body.rules.find((x) => x.id === id);
  if (!rule) throw new Error(`no rule ${id} on the server`);
  return rule;
}

// --- the page's side -------------------------------------------------------------------------

/** Waits until the locator's text matches, then asserts it (the last text is in the failure). */
async function expectText(loc: Locator, re: RegExp, what = String(re)): Promise<string> {
  let last: string | null = null;
  await waitFor(
    async () => {
      last = (await loc.count()) ? await loc.first().textContent() : null;
      return last !== null && re.test(last);
    },
    { timeoutMs: 10_000, what },
  ).catch(() => {});
  expect(last, what).toMatch(re);
  return last!;
}

/** The table row whose first cell is exactly `name`. */
const rowOf = (page: Page, name: string) =>
  page.locator("tr").filter({ has: page.locator("td:first-child", { hasText: new RegExp(`^${name}$`) }) });
const ruleRow = (page: Page, id: string) =>
  page.locator("[data-testid=rule]").filter({ has: page.locator("b", { hasText: new RegExp(`^${id}$`) }) });
const secretBanner = (page: Page) => page.locator("[data-testid=secret]");
const panel = (page: Page, title: string) =>
  page
    .locator("section.panel")
    .filter({ has: page.locator("h2 > span", { hasText: new RegExp(`^${title}$`) }) });
const usersPanel = (page: Page) => panel(page, "Users");
const tokensPanel = (page: Page) => panel(page, "API tokens");

async function openAccount(page: Page) {
  await page.goto(`${url}/account`);
  await page.locator("h1", { hasText: "Account" }).waitFor();
  // The tokens are read after the first render: wait for them, not for "Loading…".
  await waitFor(async () => !(await tokensPanel(page).getByText("Loading…").count()), {
    what: "the tokens to load",
  });
}

async function noErrorBanner(page: Page) {
  const banner = page.locator(".banner.crit");
  expect(await banner.count(), (await banner.allTextContents()).join(" | ")).toBe(0);
}

// --- the Account page as admin ---------------------------------------------------------------

describe("Account page as admin", () => {
  let page: Page;
  beforeAll(() => {
    page = pages.admin!;
  });

  it("creates an API token, shows its secret once, and revokes it", async () => {
    await openAccount(page);
    await noErrorBanner(page);
    await page.getByLabel("Token name").fill(`ci-${run}`);
    await page.getByLabel("Token role").selectOption("operator");
    await page.getByLabel("Expires after").selectOption("30");
    await page.getByRole("button", { name: "Create token" }).click();

    const banner = secretBanner(page);
    await expectText(banner, new RegExp(`API token “ci-${run}” — copy it now, it is not shown again`));
    const secret = (await banner.locator("code").textContent()) ?? "";
    expect(secret.length).toBeGreaterThan(20);
    // The form was reset for the next token.
    expect(await page.getByLabel("Token name").inputValue()).toBe("");
    const row = rowOf(page, `ci-${run}`);
    await expectText(row, /operator/);
    expect(await row.getByRole("button", { name: "Revoke" }).count()).toBe(1);
    await screenshot(page, dir, "01-token-created");

    // The secret is a working bearer token with the role and lifetime chosen on the form.
    const me = await api<{ username: string; role: string; credential: string }>("/api/v1/me", {
      token: secret,
    });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: admin, role: "operator", credential: "token" });
    const listed = await api<{ tokens: ApiTokenJson[] }>("/api/v1/tokens", { cookie: cookies.admin });
    const token = listed.body.tokens.find((t) => t.name === `ci-${run}`);
    expect(token).toMatchObject({ role: "operator", revokedAt: null });
    const days = (Date.parse(token!.expiresAt!) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29);
    expect(days).toBeLessThan(31);

    // After a reload the token is listed but its secret is nowhere on the page.
    await openAccount(page);
    await expectText(rowOf(page, `ci-${run}`), /operator/);
    expect(await secretBanner(page).count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    await rowOf(page, `ci-${run}`).getByRole("button", { name: "Revoke" }).click();
    await expectText(rowOf(page, `ci-${run}`), /revoked$/);
    expect(await rowOf(page, `ci-${run}`).getByRole("button").count()).toBe(0);
    // Revoked on the server: the secret no longer works, the list says when.
    expect((await api("/api/v1/me", { token: secret })).status).toBe(401);
    const after = await api<{ tokens: ApiTokenJson[] }>("/api/v1/tokens", { cookie: cookies.admin });
    expect(after.body.tokens.find((t) => t.id === token!.id)?.revokedAt).not.toBeNull();
    await openAccount(page);
    await expectText(rowOf(page, `ci-${run}`), /revoked$/);
    await noErrorBanner(page);
  });

  it("adds a user, changes their role, revokes their tokens, disables, enables and resets their password", async () => {
    await openAccount(page);
    const users = usersPanel(page);
    await users.getByLabel("Username").fill(added);
    await users.getByLabel("Role", { exact: true }).selectOption("viewer");
    await users.getByRole("button", { name: "Add user" }).click();

    // The one-time password is shown once and signs the new user in.
    const banner = secretBanner(page);
    await expectText(banner, new RegExp(`One-time password for ${added} — copy it now`));
    const oneTime = (await banner.locator("code").textContent()) ?? "";
    const row = rowOf(page, added);
    await expectText(row, /one-time password/);
    expect(await users.getByLabel("Username").inputValue()).toBe("");
    expect(await userAsAdminSees(added)).toMatchObject({
      role: "viewer",
      mustChangePassword: true,
      disabled: false,
    });
    const first = await login(added, oneTime);
    expect(first.status).toBe(200);
    // The new user sets a password of their own (on the server: the page is the admin's).
    let password = `own-password-${run}`;
    expect(
      (
        await api(
          "/api/auth/password",
          { cookie: first.cookie },
          {
            method: "POST",
            body: { currentPassword: oneTime, newPassword: password },
          },
        )
      ).status,
    ).toBe(204);
    await openAccount(page);
    await expectText(rowOf(page, added), /active/);
    await screenshot(page, dir, "02-user-added");

    // Role: viewer -> operator, on the server and for the user's next sign-in.
    await rowOf(page, added).getByLabel(`Role of ${added}`).selectOption("operator");
    await waitFor(async () => (await userAsAdminSees(added))?.role === "operator", {
      what: `${added} to be an operator on the server`,
    });
    await openAccount(page);
    expect(await rowOf(page, added).getByLabel(`Role of ${added}`).inputValue()).toBe("operator");
    const asOperator = await login(added, password);
    expect(asOperator.status).toBe(200);
    const me = await api<{ role: string }>("/api/v1/me", { cookie: asOperator.cookie });
    expect(me.body.role).toBe("operator");

    // Revoke tokens: a token the user made stops working.
    const minted = await api<{ token: string }>(
      "/api/v1/tokens",
      { cookie: asOperator.cookie },
      { method: "POST", body: { name: `script-${run}`, role: "operator" } },
    );
    expect(minted.status).toBe(201);
    expect((await api("/api/v1/me", { token: minted.body.token })).status).toBe(200);
    await rowOf(page, added).getByRole("button", { name: "Revoke tokens" }).click();
    await waitFor(async () => (await api("/api/v1/me", { token: minted.body.token })).status === 401, {
      what: `${added}'s token to be revoked`,
    });
    await noErrorBanner(page);

    // Disable: the user can no longer sign in; Enable: they can again.
    await rowOf(page, added).getByRole("button", { name: "Disable" }).click();
    await expectText(rowOf(page, added).locator("td").nth(2), /^disabled$/);
    expect(await rowOf(page, added).getByRole("button", { name: "Enable" }).count()).toBe(1);
    expect(await userAsAdminSees(added)).toMatchObject({ disabled: true });
    expect((await login(added, password)).status).toBe(401);
    await openAccount(page);
    await expectText(rowOf(page, added).locator("td").nth(2), /^disabled$/);
    await screenshot(page, dir, "03-user-disabled");
    await rowOf(page, added).getByRole("button", { name: "Enable" }).click();
    await expectText(rowOf(page, added).locator("td").nth(2), /^active$/);
    expect(await userAsAdminSees(added)).toMatchObject({ disabled: false });
    expect((await login(added, password)).status).toBe(200);

    // Reset password: a new one-time password, shown once; the old password stops working.
    await rowOf(page, added).getByRole("button", { name: "Reset password" }).click();
    await expectText(secretBanner(page), new RegExp(`New one-time password for ${added} — copy it now`));
    const reset = (await secretBanner(page).locator("code").textContent()) ?? "";
    expect(reset).not.toBe(oneTime);
    await expectText(rowOf(page, added).locator("td").nth(2), /^one-time password$/);
    expect(await userAsAdminSees(added)).toMatchObject({ mustChangePassword: true });
    expect((await login(added, password)).status).toBe(401);
    password = reset;
    expect((await login(added, password)).status).toBe(200);
    await openAccount(page);
    expect(await secretBanner(page).count()).toBe(0);
    expect(await page.content()).not.toContain(reset);
    await noErrorBanner(page);
  });

  it("shows the admin's own row without actions", async () => {
    await openAccount(page);
    const own = rowOf(page, admin);
    await expectText(own, /admin/);
    expect(await own.locator("td").nth(1).textContent()).toBe("admin");
    expect(await own.locator("button, select, input").count()).toBe(0);
    // Another user's row has them (so the check above looks at a rendered table).
    expect(await rowOf(page, operator).getByRole("button").count()).toBe(3);
    expect(await rowOf(page, operator).locator("select").count()).toBe(1);
    await screenshot(page, dir, "04-users");
  });
});

// --- the Account page as viewer and operator -------------------------------------------------

describe("Account page by role", () => {
  it("a viewer lists their tokens but gets no token form and no Users panel", async () => {
    const page = pages.viewer!;
    await openAccount(page);
    await page.locator(".sub", { hasText: `Signed in as ${viewer} (viewer)` }).waitFor();
    await expectText(tokensPanel(page), /No tokens yet/);
    expect(await tokensPanel(page).getByText("Operators and admins can create tokens.").count()).toBe(1);
    expect(await page.getByLabel("Token name").count()).toBe(0);
    expect(await page.getByRole("button", { name: "Create token" }).count()).toBe(0);
    expect(await usersPanel(page).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Add user" }).count()).toBe(0);
    await noErrorBanner(page);
    await screenshot(page, dir, "05-account-viewer");
  });

  it("an operator gets the token form (roles up to operator) but no Users panel", async () => {
    const page = pages.operator!;
    await openAccount(page);
    await page.locator(".sub", { hasText: `Signed in as ${operator} (operator)` }).waitFor();
    expect(await page.getByLabel("Token name").count()).toBe(1);
    expect(await page.getByLabel("Token role").locator("option").allTextContents()).toEqual([
      "viewer",
      "operator",
    ]);
    expect(await tokensPanel(page).getByText("Operators and admins can create tokens.").count()).toBe(0);
    expect(await usersPanel(page).count()).toBe(0);
    expect(await page.getByRole("button", { name: "Add user" }).count()).toBe(0);
    await noErrorBanner(page);
    // The form works for an operator too.
    await page.getByLabel("Token name").fill(`op-ci-${run}`);
    await page.getByRole("button", { name: "Create token" }).click();
    await expectText(secretBanner(page), new RegExp(`API token “op-ci-${run}”`));
    const secret = (await secretBanner(page).locator("code").textContent()) ?? "";
    const me = await api<{ username: string; role: string }>("/api/v1/me", { token: secret });
    expect(me.body).toMatchObject({ username: operator, role: "viewer" });
    await screenshot(page, dir, "06-account-operator");
  });
});

// --- the Rules page --------------------------------------------------------------------------

describe("Rules page", () => {
  it("shows durations one way, whether stored as milliseconds or as text", async () => {
    const page = pages.operator!;
    await page.goto(`${url}/rules`);
    await expectText(ruleRow(page, errRule).locator("code"), /^threshold=0\.05 for=2m$/);
    await expectText(ruleRow(page, latRule).locator("code"), /^thresholdMs=800 for=2m$/);
    expect(await ruleRow(page, errRule).locator("td").nth(4).textContent()).toBe("file");
  });

  it("refuses bad values with the field named, cancels, and saves a good value", async () => {
    const page = pages.operator!;
    await page.goto(`${url}/rules`);
    await ruleRow(page, errRule).getByRole("button", { name: "Edit" }).click();
    const threshold = page.locator("input[name=threshold]");
    const forInput = page.locator("input[name=for]");
    expect(await threshold.inputValue()).toBe("0.05");
    expect(await forInput.inputValue()).toBe("2m");
    // The other rule is still a row while this one is a form.
    expect(await ruleRow(page, latRule).count()).toBe(1);
    expect(await ruleRow(page, errRule).count()).toBe(0);

    await threshold.fill("1.5");
    await page.getByRole("button", { name: "Save" }).click();
    await expectText(page.locator(".form-error"), /^threshold: .*<=1/);
    await screenshot(page, dir, "07-rule-refused");
    await threshold.fill("0.1");
    await forInput.fill("soon");
    await page.getByRole("button", { name: "Save" }).click();
    await expectText(page.locator(".form-error"), /^for: a duration/);
    // Nothing was stored.
    expect((await storedRule(errRule)).definition).toMatchObject({ threshold: 0.05, for: 120_000 });
    expect((await storedRule(errRule)).source).toBe("file");

    // Cancel: the row as it was, and the form opens again clean.
    await page.getByRole("button", { name: "Cancel" }).click();
    await expectText(ruleRow(page, errRule).locator("code"), /^threshold=0\.05 for=2m$/);
    expect(await page.locator("input[name=threshold]").count()).toBe(0);
    await ruleRow(page, errRule).getByRole("button", { name: "Edit" }).click();
    expect(await threshold.inputValue()).toBe("0.05");
    expect(await forInput.inputValue()).toBe("2m");
    expect(await page.locator(".form-error").count()).toBe(0);

    // A good value: stored as typed, shown one way, kept over a reload.
    await threshold.fill("0.1");
    await forInput.fill("90s");
    await page.getByRole("button", { name: "Save" }).click();
    await expectText(ruleRow(page, errRule).locator("code"), /^threshold=0\.1 for=1m30s$/);
    expect(await page.locator("input[name=threshold]").count()).toBe(0);
    const saved = await storedRule(errRule);
    expect(saved.definition).toMatchObject({ threshold: 0.1, for: "90s", enabled: true });
    expect(saved).toMatchObject({ source: "ui", updatedBy: operator });
    await page.reload();
    await expectText(ruleRow(page, errRule).locator("code"), /^threshold=0\.1 for=1m30s$/);
    await expectText(ruleRow(page, errRule).locator("td").nth(4), new RegExp(`^ui · ${operator} · `));
    await screenshot(page, dir, "08-rule-saved");
  });

  it("saves milliseconds and enabled=false, shown as a duration and `no`", async () => {
    const page = pages.operator!;
    await page.goto(`${url}/rules`);
    await ruleRow(page, latRule).getByRole("button", { name: "Edit" }).click();
    expect(await page.locator("input[name=for]").inputValue()).toBe("2m");
    await page.locator("input[name=keepFiringFor]").fill("90000");
    await page.locator("input[name=enabled]").uncheck();
    await page.getByRole("button", { name: "Save" }).click();
    await expectText(ruleRow(page, latRule).locator("code"), /^thresholdMs=800 for=2m keepFiringFor=1m30s$/);
    const saved = await storedRule(latRule);
    expect(saved.definition).toMatchObject({ keepFiringFor: 90_000, enabled: false, for: "2m" });
    await page.reload();
    await expectText(ruleRow(page, latRule).locator("code"), /^thresholdMs=800 for=2m keepFiringFor=1m30s$/);
    expect(await ruleRow(page, latRule).locator("td").nth(3).textContent()).toBe("no");
  });

  it("gives a viewer no Edit column", async () => {
    const page = pages.viewer!;
    await page.goto(`${url}/rules`);
    await ruleRow(page, errRule).waitFor();
    expect(await page.locator("[data-testid=rules] thead th").count()).toBe(5);
    expect(await ruleRow(page, errRule).locator("td").count()).toBe(5);
    expect(await page.getByRole("button", { name: "Edit" }).count()).toBe(0);
    // An operator's table has it (so the check above looks at the same table).
    await pages.operator!.goto(`${url}/rules`);
    await ruleRow(pages.operator!, errRule).waitFor();
    expect(await pages.operator!.locator("[data-testid=rules] thead th").count()).toBe(6);
    expect(await pages.operator!.getByRole("button", { name: "Edit" }).count()).toBe(2);
    await screenshot(page, dir, "09-rules-viewer");
  });
});
