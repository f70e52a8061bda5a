/**
 * Text from the YAML (tenant names, friendly names, descriptions) reaches people through a
 * terminal and through pull-request comments. Escaped for each medium, it can neither hide the
 * rest of a review (a terminal sequence that makes text invisible, an HTML comment that swallows
 * the DANGER line) nor forge one (HTML, links, images, @-mentions).
 */

/**
 * Characters that change how a terminal or an editor shows what follows: C0 and C1 controls
 * (escape sequences, carriage return), DEL, line and paragraph separators, and the bidirectional
 * overrides that reorder text ("Trojan Source").
 */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text for a terminal or a log: every control character shown as a visible `\uXXXX`. */
export function terminalText(s: string): string {
  return s.replace(CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Line breaks of every kind, which end a table row or a heading in Markdown. */
const BREAKS = /\r\n|[\r\n\u000b\u000c\u0085\u2028\u2029]/g;

/**
 * ASCII punctuation that Markdown gives a meaning to inside a line (CommonMark lets any ASCII
 * punctuation be backslash-escaped): emphasis, code, links and images, tables, strikethrough,
 * HTML and entities. Block syntax (#, -, +, 1.) only counts at the start of a line, where YAML
 * text never lands.
 */
const MARKDOWN_PUNCTUATION = /[\\`*_[\]()!|~]/g;

const HTML_ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** A zero-width space: breaks `@team` mentions and `#123` references without changing what a reader sees. */
const BREAK = "\u200b";

/**
 * Text for a GitHub-flavoured Markdown comment (a table cell, a heading, a list item): one line,
 * no HTML (escaped as entities), no Markdown syntax (every meaningful punctuation character
 * backslash-escaped, which also stops `https:` and `www.` autolinks), no @-mention, no issue
 * reference, no control character.
 */
export function markdownText(s: string): string {
  return s
    .replace(BREAKS, " ")
    .replace(CONTROLS, "")
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c])
    .replace(MARKDOWN_PUNCTUATION, (c) => `\\${c}`)
    // Literal autolinks (GFM): `scheme://`, `www.`, and `:shortcode:` emoji.
    .replace(/:(?=\/\/|[A-Za-z0-9_+-]+:)/g, "\\:")
    .replace(/(www)\./gi, "$1\\.")
    .replace(/@/g, `@${BREAK}`)
    .replace(/#(?=[0-9A-Za-z])/g, `#${BREAK}`);
}
