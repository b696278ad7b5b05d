/**
 * Logging through pino: JSON lines by default, pretty (pino-pretty) when the stream is a
 * terminal. debug and info go to stdout, warn and error to stderr. Secrets and webhook URLs are
 * redacted by adapters/log-redaction.ts, the one place that says what is secret. The core only
 * sees the {@link Logger} interface, so tests pass a silent or capturing logger.
 */
import pino from "pino";
import pretty from "pino-pretty";
import { redactText, redactValue } from "./log-redaction";

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** Where a level's lines go: a file descriptor, pretty-printed when it is a terminal. */
function output(fd: 1 | 2, isTTY: boolean, format: "json" | "pretty" | "auto"): pino.DestinationStream {
  // Synchronous: a process that logs and then exits (a fatal error) loses no line.
  if (format === "pretty" || (format === "auto" && isTTY))
    return pretty({ destination: fd, sync: true, colorize: isTTY, translateTime: "SYS:HH:MM:ss.l" });
  return pino.destination({ fd, sync: true });
}

/** The pino instance behind a {@link Logger}; exported for the redaction test. */
export function createPino({
  level = "info",
  base = {},
  format = "auto",
  streams,
}: {
  level?: LogLevel;
  base?: Record<string, unknown>;
  /** `auto` (default): pretty on a terminal, JSON otherwise. */
  format?: "json" | "pretty" | "auto";
  /** Instead of stdout and stderr (tests). */
  streams?: { out: pino.DestinationStream; err: pino.DestinationStream };
} = {}): pino.Logger {
  const out = streams?.out ?? output(1, process.stdout.isTTY === true, format);
  const err = streams?.err ?? output(2, process.stderr.isTTY === true, format);
  return pino(
    {
      level,
      base: redactValue(base) as Record<string, unknown>,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        // Every field of every line passes the redaction (base and child bindings: see below).
        log: (fields) => redactValue(fields) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          // (fields, msg): the message may quote a URL too.
          const [first, second, ...rest] = args as unknown[];
          if (typeof second === "string")
            return method.apply(this, [first, redactText(second), ...rest] as never);
          if (typeof first === "string") return method.apply(this, [redactText(first), ...rest] as never);
          return method.apply(this, args);
        },
      },
    },
    pino.multistream(
      [
        { level: "debug", stream: out },
        { level: "warn", stream: err },
      ],
      { dedupe: true },
    ),
  );
}

function wrap(p: pino.Logger): Logger {
  return {
    debug: (m, f) => p.debug(f ?? {}, m),
    info: (m, f) => p.info(f ?? {}, m),
    warn: (m, f) => p.warn(f ?? {}, m),
    error: (m, f) => p.error(f ?? {}, m),
    // pino formats a child's bindings once, without the log formatter: redacted here.
    child: (f) => wrap(p.child(redactValue(f) as Record<string, unknown>)),
  };
}

/** Creates a logger. Defaults: level `info`, no base fields, pretty on a terminal, else JSON. */
export function createLogger(options: Parameters<typeof createPino>[0] = {}): Logger {
  return wrap(createPino(options));
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};
