/** A usage mistake on the command line: printed with a hint, exit 2. */
export class UsageError extends Error {}

export interface OptionSpec {
  /** Takes a value (`--format json`), or is a switch (`--help`). */
  readonly value: boolean;
  /** Allowed values, when the option takes one. */
  readonly choices?: readonly string[];
}

export interface Parsed {
  readonly positionals: string[];
  readonly options: Record<string, string | true>;
}

/** A small, strict parser: unknown options and missing values are usage errors, not ignored. */
export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, OptionSpec>>, command: string): Parsed {
  const positionals: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith("--") || (arg.startsWith("-") && arg.length > 1)) {
      const [rawName, inline] = arg.replace(/^--?/, "").split(/=(.*)/s, 2);
      const name = rawName === "h" ? "help" : rawName;
      const s = spec[name];
      if (!s) throw new UsageError(`${command}: unknown option '${arg}'; see '${command} --help'`);
      if (!s.value) {
        if (inline !== undefined) throw new UsageError(`${command}: option '--${name}' takes no value`);
        options[name] = true;
        continue;
      }
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`${command}: option '--${name}' needs a value${s.choices ? ` (${s.choices.join(", ")})` : ""}`);
      if (s.choices && !s.choices.includes(value)) {
        throw new UsageError(`${command}: option '--${name}' is '${value}'; expected ${s.choices.join(" or ")}`);
      }
      options[name] = value;
      continue;
    }
    positionals.push(arg);
  }
  return { positionals, options };
}
