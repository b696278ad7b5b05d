/** `npm run stack -- up|down|status` */
import { runCommand } from "../../config/cli";
import { baseEnvShape, readConfig } from "../../config/env";
import { UsageError } from "../../core/errors";
import { stackDown, stackStatus, stackUp } from "./stack";

void runCommand(
  {
    name: "stack",
    synopsis: "up|down|status",
    description:
      "The local stack: Apache Kafka (downloaded once from Maven Central) and PostgreSQL.\n" +
      "up starts what is not running (idempotent) and migrates the database; down stops it; status tells.",
    flags: {},
    positionals: { min: 1, max: 1 },
    env: baseEnvShape,
  },
  async ({ positionals: [action] }) => {
    const env = readConfig(baseEnvShape);
    const log = (line: string) => console.log(`[stack] ${line}`);
    if (action === "up") await stackUp(env, log);
    else if (action === "down") await stackDown(env, log);
    else if (action === "status") for (const line of stackStatus(env)) console.log(line);
    else throw new UsageError(`unknown action '${action}' (up, down or status)`);
    return 0;
  },
);
