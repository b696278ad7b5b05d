/** `npm run stack -- up|down|status` */
import { baseEnvShape, readConfig } from "../../config/env";
import { describeError } from "../../core/errors";
import { stackDown, stackStatus, stackUp } from "./stack";

const usage = "usage: npm run stack -- up|down|status";

async function main(): Promise<void> {
  const env = readConfig(baseEnvShape);
  const log = (line: string) => console.log(`[stack] ${line}`);
  switch (process.argv[2]) {
    case "up":
      await stackUp(env, log);
      break;
    case "down":
      await stackDown(env, log);
      break;
    case "status":
      for (const line of stackStatus(env)) console.log(line);
      break;
    default:
      console.error(usage);
      process.exitCode = 2;
  }
}

main().catch((err) => {
  console.error(`[stack] ${describeError(err)}`);
  process.exit(1);
});
