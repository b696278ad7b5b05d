/**
 * `npm run users -- <command>`: account tooling for operators with shell access.
 *   list                           users and roles
 *   add <username> <role>          create a user; prints a one-time password
 *   reset-password <username>      new one-time password (ends the user's sessions and tokens)
 *   token <username> <name> [role] create an API token; prints it once
 *   disable <username>             the user can no longer sign in; sessions end, tokens stop
 *   enable <username>              undoes disable
 *   role <username> <role>         changes the user's role
 *   revoke-tokens <username>       revokes every API token of the user
 * Live sockets of changed users are cut by each web process within its re-check (30 s).
 */
import { createAuthStore } from "../adapters/db/auth-store";
import { createPrisma } from "../adapters/db/prisma";
import { runCommand } from "../config/cli";
import { baseEnvShape, readConfig } from "../config/env";
import { type Role, RoleSchema } from "../core/auth/roles";
import { UsageError } from "../core/errors";
import { createAuthService } from "./auth/auth-service";

async function main(argv: string[]) {
  const env = readConfig(baseEnvShape);
  const prisma = createPrisma(env.DATABASE_URL, { poolSize: 2 });
  const store = createAuthStore(prisma);
  const auth = createAuthService({ store });
  // The shell user acts as an admin: whoever can run this can read the database anyway.
  const root = {
    userId: "",
    username: "cli",
    role: "admin" as Role,
    mustChangePassword: false,
    credential: "session" as const,
    credentialId: "cli",
    expiresAt: null,
  };
  try {
    const [cmd, a, b, c] = argv;
    if (cmd === "list") {
      for (const u of await store.listUsers())
        console.log(
          `${u.username}\t${u.role}${u.disabled ? "\tdisabled" : ""}${u.mustChangePassword ? "\t(one-time password)" : ""}`,
        );
    } else if (cmd === "add" && a && b) {
      const r = await auth.createUser(root, a, RoleSchema.parse(b));
      console.log(`created ${r.username} (${r.role}); one-time password: ${r.oneTimePassword}`);
    } else if (cmd === "reset-password" && a) {
      const r = await auth.resetPassword(a);
      console.log(
        `one-time password for ${a}: ${r.oneTimePassword} (${r.ended.length} sessions and tokens ended)`,
      );
    } else if (cmd === "token" && a && b) {
      const user = await store.findUser(a);
      if (!user) throw new Error(`no user ${a}`);
      const t = await auth.createApiToken(
        { ...root, userId: user.id, username: user.username, role: user.role },
        { name: b, role: c ? RoleSchema.parse(c) : undefined, expiresInDays: 90 },
      );
      console.log(`API token for ${a} (${t.role}, expires ${t.expiresAt?.toISOString()}):\n${t.token}`);
    } else if ((cmd === "disable" || cmd === "enable") && a) {
      const r = await auth.setUserDisabled(root, a, cmd === "disable");
      console.log(`${a} ${cmd}d${cmd === "disable" ? ` (${r.ids.length} sessions and tokens stopped)` : ""}`);
    } else if (cmd === "role" && a && b) {
      await auth.setUserRole(root, a, RoleSchema.parse(b));
      console.log(`${a} is now ${b}`);
    } else if (cmd === "revoke-tokens" && a) {
      const r = await auth.revokeUserTokens(root, a);
      console.log(`revoked ${r.ids.length} token(s) of ${a}`);
    } else {
      throw new UsageError(
        cmd ? `unknown command or missing argument: ${argv.join(" ")}` : "a command is missing",
      );
    }
  } finally {
    await prisma.$disconnect();
  }
}

void runCommand(
  {
    name: "users",
    synopsis: "<command> [arguments]",
    description: "Account tooling for operators with shell access (acts as an admin).",
    flags: {},
    positionals: { min: 1, max: 4 },
    more: [
      "Commands:",
      "  list                            users and roles",
      "  add <username> <role>           create a user (viewer, operator or admin); prints a one-time password",
      "  reset-password <username>       new one-time password (ends the user's sessions and tokens)",
      "  token <username> <name> [role]  create an API token; prints it once",
      "  disable <username>              the user can no longer sign in; sessions end, tokens stop",
      "  enable <username>               undoes disable",
      "  role <username> <role>          changes the user's role",
      "  revoke-tokens <username>        revokes every API token of the user",
    ].join("\n"),
    env: baseEnvShape,
  },
  async ({ positionals }) => {
    await main(positionals);
    return 0;
  },
);
