/**
 * What a process's log lines carry, read from a real child process's stdout and stderr (the
 * logger writes to the file descriptors): JSON lines off a terminal, levels split between the
 * streams, and no secret: webhook URLs' tokens, passwords, API tokens, SASL credentials and
 * database passwords are redacted in fields, nested fields, child bindings, errors and messages.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const secrets = [
  "T0AAA/B0BBB/slackSecret123",
  "access_token=dingSecret456",
  "feishuHook789",
  "wecomKey000",
  "hunter2",
  "tok_live_abc",
  "saslPw!",
  "dbPassw0rd",
];

function runLogger(body: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lw-log-"));
  const file = path.join(dir, "log.mts");
  fs.writeFileSync(
    file,
    `import { createLogger } from ${JSON.stringify(path.resolve("adapters/log.ts"))};\n${body}\n`,
  );
  const r = spawnSync(process.execPath, ["--import", "tsx", file], { encoding: "utf8" });
  fs.rmSync(dir, { recursive: true, force: true });
  return r;
}

describe("process logs", () => {
  const r = runLogger(`
const log = createLogger({ level: "info", base: { component: "notifier" } });
log.info("delivering to https://hooks.slack.com/services/T0AAA/B0BBB/slackSecret123", {
  receiver: "slack",
  url: "https://oapi.dingtalk.com/robot/send?access_token=dingSecret456",
  password: "hunter2",
  headers: { Authorization: "Bearer tok_live_abc" },
});
log.child({ receiver: "lark", webhook: "https://open.feishu.cn/open-apis/bot/v2/hook/feishuHook789" })
  .warn("receiver answered 500; retrying", {
    error: "POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wecomKey000 failed",
    kafka: { sasl: { username: "lw", password: "saslPw!" } },
    database: "postgresql://lw:dbPassw0rd@db.internal:5432/launchwatch",
  });
log.debug("not at info");
log.error("gave up", { apiToken: "tok_live_abc", attempt: 5 });
`);
  const lines = (s: string) =>
    s
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  it("writes JSON lines: info to stdout, warn and error to stderr, below the level nothing", () => {
    expect(r.status).toBe(0);
    const out = lines(r.stdout);
    const err = lines(r.stderr);
    expect(out.map((l) => l.level)).toEqual(["info"]);
    expect(err.map((l) => l.level)).toEqual(["warn", "error"]);
    expect(out[0]).toMatchObject({ component: "notifier", receiver: "slack" });
    expect(err[0]).toMatchObject({ component: "notifier", receiver: "lark" });
    expect(err[1]).toMatchObject({ msg: "gave up", attempt: 5 });
  });

  it("redacts webhook tokens and secrets but keeps where they pointed", () => {
    const text = r.stdout + r.stderr;
    for (const s of secrets) expect(text).not.toContain(s);
    const [info] = lines(r.stdout);
    const [warn, error] = lines(r.stderr);
    expect(info!.msg).toBe("delivering to https://hooks.slack.com/[redacted]");
    expect(info!.url).toBe("https://oapi.dingtalk.com/[redacted]");
    expect(info!.password).toBe("[redacted]");
    expect(info!.headers).toEqual({ Authorization: "[redacted]" });
    expect(warn!.webhook).toBe("https://open.feishu.cn/[redacted]");
    expect(warn!.error).toBe("POST https://qyapi.weixin.qq.com/[redacted] failed");
    expect(warn!.kafka).toEqual({ sasl: { username: "lw", password: "[redacted]" } });
    expect(warn!.database).toBe("postgresql://lw:[redacted]@db.internal:5432/[redacted]");
    expect(error!.apiToken).toBe("[redacted]");
  });
});
