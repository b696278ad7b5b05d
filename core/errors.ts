/**
 * The one errors module. Every error Launchwatch raises on purpose carries a `retriable` flag
 * (may the caller try the same thing again?) and, where there is one, the underlying `cause`.
 */
export class LaunchwatchError extends Error {
  readonly retriable: boolean;

  constructor(message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
  }
}

/** A setting is missing or malformed. Names the setting so the operator knows what to fix. */
export class ConfigError extends LaunchwatchError {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`Invalid configuration: ${setting}: ${message}`);
  }
}

/** A bad command-line flag or argument: the command prints it with its usage and exits 2 (config/cli.ts). */
export class UsageError extends LaunchwatchError {}

/** A dependency (Kafka, Postgres, a webhook) did not answer. Usually worth retrying. */
export class ServiceUnavailableError extends LaunchwatchError {
  constructor(
    readonly service: string,
    message: string,
    options: { retriable?: boolean; cause?: unknown } = {},
  ) {
    super(message, { retriable: options.retriable ?? true, cause: options.cause });
  }
}

/** Input that can never be processed (malformed event, unknown schema version). Never retriable. */
export class InvalidInputError extends LaunchwatchError {
  constructor(
    readonly reason: string,
    options: { cause?: unknown } = {},
  ) {
    super(reason, { retriable: false, cause: options.cause });
  }
}

/** Formats any thrown value for a log line or a dead-letter reason. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
