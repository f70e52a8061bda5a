/** Where a command reads and writes: stdout for results, stderr for diagnostics about the run. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /**
   * Reads standard input (for FILE `-`), at most `limit` bytes; more is an InputError.
   * @param limit the most bytes the input may have
   */
  stdin(limit: number): Buffer;
  /** The folder relative paths on the command line start from. */
  readonly cwd: string;
  /**
   * Whether stderr is a terminal: long runs then report progress there.
   * @default false
   */
  readonly interactive?: boolean;
  /**
   * Whether standard output (and standard error) may carry colour: a terminal, NO_COLOR unset or
   * empty (https://no-color.org), and no --no-color.
   * @default false
   */
  readonly color?: { readonly out: boolean; readonly err: boolean };
  /**
   * --quiet: only findings and results; summary lines, notes and progress are left out.
   * @default false
   */
  readonly quiet?: boolean;
}


export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  /** A bug in vcc-iac, never the user's input. */
  internal: 3,
} as const;
