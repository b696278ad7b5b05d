/**
 * The one command-line convention of every `npm run` command: `--help` (or `-h`) prints the
 * usage, the flags and the environment variables read and exits 0 before anything connects; a
 * bad flag or argument prints the problem and the usage on stderr and exits 2; a failure at run
 * time prints one line `[name] what went wrong` and exits 1. Flags are parsed by node:util's
 * parseArgs (strict), values checked by the command (Zod), which throws {@link UsageError} for
 * a bad one.
 */
import { parseArgs } from "node:util";
import type { z } from "zod";
import { ConfigError, describeError, UsageError } from "../core/errors";

/** One flag: `--name VALUE` (string) or `--name` (boolean). */
export interface FlagSpec {
  type: "string" | "boolean";
  short?: string;
  /** Placeholder of the value in the help, e.g. `FILE` (string flags; default `VALUE`). */
  value?: string;
  /** Shown in the help and returned when the flag is absent. */
  default?: string | boolean;
  /** One line of help. */
  help: string;
}

export interface CommandSpec<F extends Record<string, FlagSpec>> {
  /** The npm script's name, e.g. `replay`: prefixes error lines. */
  name: string;
  /** What follows `npm run NAME --`, e.g. `up|down|status` or `[options]`. */
  synopsis: string;
  /** One or two lines saying what the command does. */
  description: string;
  flags: F;
  /** Positional arguments allowed (default none). */
  positionals?: { min?: number; max?: number };
  /** Extra help text (sub-commands, examples), printed after the flags. */
  more?: string;
  /** The environment the command reads (its Zod shape): names and defaults go into the help. */
  env?: z.ZodRawShape;
}

export type FlagValues<F extends Record<string, FlagSpec>> = {
  [K in keyof F]: F[K]["type"] extends "boolean"
    ? boolean
    : F[K]["default"] extends string
      ? string
      : string | undefined;
};

/** The `--help` text of `spec`. */
export function helpText(spec: CommandSpec<Record<string, FlagSpec>>): string {
  const lines = [
    `usage: npm run ${spec.name}${spec.synopsis ? ` -- ${spec.synopsis}` : ""}`,
    "",
    spec.description,
  ];
  const flags = Object.entries(spec.flags);
  const label = (name: string, f: FlagSpec) =>
    `${f.short ? `-${f.short}, ` : ""}--${name}${f.type === "string" ? ` ${f.value ?? "VALUE"}` : ""}`;
  const rows: [string, string][] = [
    ...flags.map(([name, f]): [string, string] => [
      label(name, f),
      f.help + (typeof f.default === "string" ? ` (default ${f.default})` : ""),
    ]),
    ["-h, --help", "this help"],
  ];
  const width = Math.max(...rows.map(([l]) => l.length));
  lines.push("", "Options:", ...rows.map(([l, h]) => `  ${l.padEnd(width)}  ${h}`));
  if (spec.more) lines.push("", spec.more);
  if (spec.env) lines.push("", envHelpText(spec.env));
  return lines.join("\n");
}

/** The environment part of a help: each variable `shape` reads, with its default. */
export function envHelpText(shape: z.ZodRawShape): string {
  const names = Object.keys(shape);
  const width = Math.max(...names.map((n) => n.length));
  const rows = names.map((name) => {
    const fallback = (shape[name] as z.ZodType).safeParse(undefined);
    const shown = !fallback.success
      ? "required"
      : fallback.data === undefined
        ? "optional"
        : `default ${typeof fallback.data === "string" ? fallback.data : JSON.stringify(fallback.data)}`;
    return `  ${name.padEnd(width)}  ${shown}`;
  });
  return ["Environment (unset or empty: the default):", ...rows].join("\n");
}

/** Parses `argv` by `spec`: the flags' values and the positionals, or `help`. Throws {@link UsageError}. */
export function parseCommandLine<F extends Record<string, FlagSpec>>(
  spec: CommandSpec<F>,
  argv: readonly string[],
): "help" | { flags: FlagValues<F>; positionals: string[] } {
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {
    help: { type: "boolean", short: "h" },
  };
  for (const [name, f] of Object.entries(spec.flags))
    options[name] = { type: f.type, ...(f.short ? { short: f.short } : {}) };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (err) {
    // parseArgs explains '--' at length after the first sentence; the first is the problem.
    throw new UsageError(describeError(err).replace(/\.\s.*$/s, "."));
  }
  if (parsed.values.help) return "help";
  const { min = 0, max = 0 } = spec.positionals ?? {};
  const n = parsed.positionals.length;
  if (n > max) throw new UsageError(`unexpected argument '${parsed.positionals[max]}'`);
  if (n < min) throw new UsageError(min === 1 ? "an argument is missing" : `${min - n} arguments missing`);
  const flags: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(spec.flags))
    flags[name] = parsed.values[name] ?? f.default ?? (f.type === "boolean" ? false : undefined);
  return { flags: flags as FlagValues<F>, positionals: parsed.positionals };
}

/** One line for a failure: a ConfigError names its setting; line breaks folded. */
export function failureLine(name: string, err: unknown): string {
  const text = err instanceof ConfigError ? err.message : describeError(err);
  return `[${name}] ${text.replace(/\s*\n\s*/g, " ")}`;
}

const shortUsage = (spec: CommandSpec<Record<string, FlagSpec>>) =>
  `${helpText(spec).split("\n")[0]}\n(npm run ${spec.name} -- --help for more)`;

/**
 * The command line of `spec` by the conventions above, for a command whose start is not one
 * `main` (runCommand is, for the others): prints the help and exits 0, or a bad flag with the
 * usage and exits 2; else returns the flags and positionals.
 */
export function commandLine<F extends Record<string, FlagSpec>>(
  spec: CommandSpec<F>,
  argv: readonly string[] = process.argv.slice(2),
): { flags: FlagValues<F>; positionals: string[]; argv: readonly string[] } {
  const loose = spec as CommandSpec<Record<string, FlagSpec>>;
  try {
    const r = parseCommandLine(spec, argv);
    if (r === "help") {
      process.stdout.write(`${helpText(loose)}\n`);
      process.exit(0);
    }
    return { ...r, argv };
  } catch (err) {
    process.stderr.write(`[${spec.name}] ${describeError(err)}\n${shortUsage(loose)}\n`);
    process.exit(2);
  }
}

/**
 * Runs a command by the conventions above. `main` gets the parsed flags and positionals; what
 * it resolves to becomes the exit code (a number), or the process keeps running (nothing: a
 * server that stays up). Never returns a rejected promise.
 */
export async function runCommand<F extends Record<string, FlagSpec>>(
  spec: CommandSpec<F>,
  main: (args: {
    flags: FlagValues<F>;
    positionals: string[];
    argv: readonly string[];
  }) => Promise<number | undefined>,
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  const args = commandLine(spec, argv);
  try {
    const code = await main(args);
    if (typeof code === "number") process.exit(code);
  } catch (err) {
    // A command's own flag check names the flag (`--shops`) or `arguments`: a usage error too.
    const flagError =
      err instanceof ConfigError && (err.setting.startsWith("-") || err.setting === "arguments");
    if (err instanceof UsageError || flagError) {
      process.stderr.write(`[${spec.name}] ${err.message}\n${shortUsage(spec)}\n`);
      process.exit(2);
    }
    process.stderr.write(`${failureLine(spec.name, err)}\n`);
    process.exit(1);
  }
}
