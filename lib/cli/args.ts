import { parseArgs } from "util";
import { terminalText } from "../util/escape";
import { closest } from "../util/suggest";

/** A usage mistake on the command line: printed as one line with a hint, exit 2. */
export class UsageError extends Error {}

/** One option of a command; its help line is generated from this. */
export interface OptionDef {
  /** A value (`--format json`) or a switch (`--help`). */
  readonly type: "string" | "boolean";
  /** One-letter alias (`-o`). */
  readonly short?: string;
  /**
   * The placeholder shown in help (`DIR`).
   * @default "VALUE"
   */
  readonly placeholder?: string;
  /**
   * Allowed values; anything else is a usage error that lists them.
   * @default any non-empty value
   */
  readonly choices?: readonly string[];
  /** One or two lines for the help. */
  readonly description: string;
  /**
   * Options this one is meaningless without (`--stack` needs `--terraform-plan`).
   * @default none
   */
  readonly requires?: readonly string[];
  /**
   * The option may be given several times (`--terraform-outputs a.json --terraform-outputs b.json`);
   * its value is then the list.
   * @default false: given twice is a usage error
   */
  readonly multiple?: boolean;
}

/** A command: its help text and its checks are generated from this, so they cannot disagree. */
export interface CommandDef {
  readonly name: string;
  /** One line for `vcc-iac --help`. */
  readonly summary: string;
  /** The positional arguments, in order. */
  readonly args: ReadonlyArray<{ readonly name: string; readonly description: string; readonly optional?: boolean }>;
  /** What the command does, a few lines. */
  readonly description: string;
  readonly options: Readonly<Record<string, OptionDef>>;
  /** The exit status line(s). */
  readonly exitStatus: string;
  /**
   * Text after the options (examples, what to do next).
   * @default none
   */
  readonly epilog?: string;
}

export interface Parsed {
  readonly positionals: readonly string[];
  /** Values of the options given (switches are `true`, repeatable options a list); options not given are absent. */
  readonly options: Readonly<Record<string, string | true | readonly string[]>>;
  /** `--help` was given: the caller prints the help and exits 0, whatever else is wrong. */
  readonly help: boolean;
}

const HELP: OptionDef = { type: "boolean", short: "h", description: "show this help" };

/** Options every command takes: how it prints, never what it does. */
export const COMMON_OPTIONS: Readonly<Record<string, OptionDef>> = {
  "no-color": { type: "boolean", description: "no colour (also when NO_COLOR is set, or the output is not a terminal)" },
  quiet: { type: "boolean", short: "q", description: "print only findings and results: no summary lines, notes or progress" },
};

/**
 * Parses a command's arguments strictly, with Node's maintained parser (util.parseArgs) doing the
 * tokenizing: unknown options (with "did you mean"), a missing or empty value, a value that is
 * really the next option, a repeated option, a value outside its choices, an option without the
 * one it needs, and a wrong number of positionals are all usage errors. Nothing is ignored.
 */
export function parseCommandLine(def: CommandDef, argv: readonly string[]): Parsed {
  const command = `vcc-iac ${def.name}`;
  const defs: Record<string, OptionDef> = { ...def.options, ...COMMON_OPTIONS, help: HELP };
  const nodeOptions = Object.fromEntries(Object.entries(defs).map(([name, o]) => [name, { type: o.type, ...(o.short ? { short: o.short } : {}) }]));
  const { tokens } = parseArgs({ args: [...argv], options: nodeOptions, strict: false, allowPositionals: true, tokens: true });
  const options: Record<string, string | true | string[]> = {};
  const positionals: string[] = [];
  let help = false;
  const errors: string[] = [];
  for (const t of tokens) {
    if (t.kind === "positional") {
      positionals.push(t.value);
      continue;
    }
    if (t.kind !== "option") continue;
    const o = defs[t.name];
    if (!o) {
      const guess = closest(t.name, Object.keys(defs));
      errors.push(`unknown option '${printable(t.rawName)}'${guess ? `; did you mean '--${guess}'?` : ""}`);
      continue;
    }
    if (t.name === "help") {
      help = true;
      continue;
    }
    if (t.name in options && !o.multiple) {
      errors.push(`option '--${t.name}' is given twice; give it once`);
      continue;
    }
    if (o.type === "boolean") {
      if (t.value !== undefined) errors.push(`option '--${t.name}' takes no value`);
      else options[t.name] = true;
      continue;
    }
    const value = t.value;
    if (value === undefined) {
      errors.push(`option '--${t.name}' needs a value${o.choices ? ` (${o.choices.join(", ")})` : ` (${o.placeholder ?? "VALUE"})`}`);
    } else if (value === "") {
      // An unset variable in a script (`--out "$OUT"`) must not silently mean "here".
      errors.push(`option '--${t.name}' has an empty value; give a ${o.placeholder ?? "value"}`);
    } else if (!t.inlineValue && /^--?[A-Za-z]/.test(value)) {
      errors.push(`option '--${t.name}' needs a value, but the next argument is the option '${printable(value)}'; to pass a value that starts with '-', write --${t.name}=${printable(value)}`);
    } else if (o.choices && !o.choices.includes(value)) {
      const guess = closest(value, o.choices);
      errors.push(`option '--${t.name}' is '${printable(value)}'; expected ${o.choices.join(" or ")}${guess ? ` (did you mean '${guess}'?)` : ""}`);
    } else if (o.multiple) {
      options[t.name] = [...((options[t.name] as string[] | undefined) ?? []), value];
    } else {
      options[t.name] = value;
    }
  }
  if (help) return { positionals, options, help };
  if (errors.length > 0) throw new UsageError(`${command}: ${errors[0]}; see '${command} --help'`);
  for (const [name, o] of Object.entries(def.options)) {
    const missing = name in options ? (o.requires ?? []).filter((r) => !(r in options)) : [];
    if (missing.length > 0) throw new UsageError(`${command}: option '--${name}' is used only with ${missing.map((m) => `'--${m}'`).join(" and ")}; add it or remove '--${name}'`);
  }
  const required = def.args.filter((a) => !a.optional);
  if (positionals.length < required.length) {
    const what = required[positionals.length];
    throw new UsageError(`${command}: ${what.name} is missing: ${what.description.split("\n")[0]}; for example '${command} sp.yaml'`);
  }
  if (positionals.length > def.args.length) {
    throw new UsageError(`${command}: takes ${def.args.map((a) => a.name).join(" ") || "no arguments"}, but got ${positionals.length} arguments (${positionals.map((p) => `'${printable(p)}'`).join(" ")}); see '${command} --help'`);
  }
  return { positionals, options, help };
}

/** The help of a command, generated from its definition. */
export function commandHelp(def: CommandDef): string {
  const defs: Record<string, OptionDef> = { ...def.options, ...COMMON_OPTIONS, help: HELP };
  const usageArgs = def.args.map((a) => (a.optional ? `[${a.name}]` : a.name)).join(" ");
  const label = (name: string, o: OptionDef) => `${o.short ? `-${o.short}, ` : "    "}--${name}${o.type === "string" ? ` ${o.placeholder ?? "VALUE"}` : ""}`;
  const width = Math.max(...Object.entries(defs).map(([n, o]) => label(n, o).length), ...def.args.map((a) => a.name.length + 4)) + 2;
  const block = (head: string, text: string) => {
    const lines = text.split("\n");
    return [`  ${head.padEnd(width)}${lines[0]}`, ...lines.slice(1).map((l) => `  ${" ".repeat(width)}${l}`)].join("\n");
  };
  const out = [`Usage: vcc-iac ${def.name} ${usageArgs}${usageArgs ? " " : ""}[options]`, "", def.description.trimEnd(), ""];
  if (def.args.length > 0) out.push("Arguments:", ...def.args.map((a) => block(a.name, a.description)), "");
  out.push(
    "Options:",
    ...Object.entries(defs).map(([name, o]) => {
      const extra = [o.choices ? `one of: ${o.choices.join(", ")}` : "", o.requires ? `with ${o.requires.map((r) => `--${r}`).join(", ")}` : "", o.multiple ? "may be given more than once" : ""].filter(Boolean).join("; ");
      return block(label(name, o), `${o.description}${extra ? `\n(${extra})` : ""}`);
    }),
    "",
  );
  if (def.epilog) out.push(def.epilog.trimEnd(), "");
  out.push(`Exit status: ${def.exitStatus}`, "");
  return out.join("\n");
}

/** An argument echoed in a message: control characters shown escaped, long ones shortened. */
export function printable(s: string): string {
  const clean = terminalText(s);
  return clean.length > 120 ? `${clean.slice(0, 100)}... (${clean.length} characters)` : clean;
}
