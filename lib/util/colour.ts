/** ANSI colours for terminals: callers decide whether the stream takes colour (Io.color). */
const SGR = { error: "\x1b[1;31m", warning: "\x1b[1;33m", danger: "\x1b[1;31m", ok: "\x1b[32m", reset: "\x1b[0m" } as const;

export type Colour = Exclude<keyof typeof SGR, "reset">;

/** `text` in a colour when `on`, unchanged otherwise. */
export function paint(on: boolean | undefined, colour: Colour, text: string): string {
  return on ? `${SGR[colour]}${text}${SGR.reset}` : text;
}
