/**
 * The part of Terraform's JSON-syntax expression language that cdktf output uses: string templates
 * whose interpolations are references (`${aws_vpc.network_vpc.id}`, `${var.x}`,
 * `${data.terraform_remote_state.s.outputs.o}`, `${terraform.workspace}`), also inside larger
 * strings (`"${aws_s3_bucket.b.arn}/*"`, JSON policy text), with `$${` and `%%{` escapes and `~`
 * strip markers.
 *
 * Everything else (function calls, operators, conditionals, `for`, `%{` directives, `local.`,
 * `count.`, `each.`) is refused with an UnsupportedExpression rather than guessed: a wrong value in
 * the built state would show up as a spurious update or replace.
 */

/** One step after the root name: `.attr`, `[0]` or `["key"]`. */
export type Step = { readonly attr: string } | { readonly index: number | string };

/** `aws_vpc.network_vpc.id` is root "aws_vpc" with steps .network_vpc and .id. */
export interface Traversal {
  readonly root: string;
  readonly steps: readonly Step[];
}

export type TemplatePart = { readonly literal: string } | { readonly traversal: Traversal };

/** An expression outside the supported subset. The message never quotes the expression. */
export class UnsupportedExpression extends Error {
  constructor(
    what: string,
    /** The resource (and attribute) it was found in, once known. */
    readonly where?: string,
  ) {
    super(where ? `${what} (in ${where})` : what);
    this.name = "UnsupportedExpression";
  }
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*/;

/** Parses the inside of `${ }` as a traversal, or throws UnsupportedExpression. */
export function parseTraversal(source: string): Traversal {
  let s = source.trim();
  const root = IDENT.exec(s);
  if (!root) throw new UnsupportedExpression("an interpolation that is not a reference");
  s = s.slice(root[0].length);
  const steps: Step[] = [];
  while (s.length > 0) {
    let m: RegExpExecArray | null;
    if ((m = /^\.\s*([A-Za-z_][A-Za-z0-9_-]*)/.exec(s))) steps.push({ attr: m[1] });
    else if ((m = /^\.(\d+)/.exec(s))) steps.push({ index: Number(m[1]) });
    else if ((m = /^\[\s*(\d+)\s*\]/.exec(s))) steps.push({ index: Number(m[1]) });
    else if ((m = /^\[\s*"((?:[^"\\$%]|\\.)*)"\s*\]/.exec(s))) steps.push({ index: JSON.parse(`"${m[1]}"`) as string });
    else throw new UnsupportedExpression("an interpolation that is not a reference (function call, operator or splat)");
    s = s.slice(m[0].length).trimStart();
  }
  return { root: root[0], steps };
}

/** Where the `}` closing the interpolation opened just before `from` is (strings and braces inside skipped). */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/**
 * Splits a JSON-syntax string into literal text and references. `$${` and `%%{` are the escapes
 * for literal `${` and `%{`; `~` next to a brace strips the whitespace on that side.
 */
export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = "";
  let stripStart = false;
  const pushLiteral = () => {
    if (stripStart) literal = literal.trimStart();
    stripStart = false;
    if (literal) parts.push({ literal });
    literal = "";
  };
  for (let i = 0; i < text.length; ) {
    if (text.startsWith("$${", i) || text.startsWith("%%{", i)) {
      literal += text.slice(i + 1, i + 3);
      i += 3;
    } else if (text.startsWith("%{", i)) {
      throw new UnsupportedExpression("a template directive (%{...})");
    } else if (text.startsWith("${", i)) {
      const end = closingBrace(text, i + 2);
      if (end < 0) throw new UnsupportedExpression("an unterminated interpolation");
      let inner = text.slice(i + 2, end);
      if (inner.startsWith("~")) {
        literal = literal.trimEnd();
        inner = inner.slice(1);
      }
      pushLiteral();
      if (inner.endsWith("~")) {
        stripStart = true;
        inner = inner.slice(0, -1);
      }
      parts.push({ traversal: parseTraversal(inner) });
      i = end + 1;
    } else {
      literal += text[i];
      i++;
    }
  }
  pushLiteral();
  return parts;
}

/** Resolves a reference to its value; throws UnsupportedExpression for what it cannot resolve. */
export type Resolver = (t: Traversal) => unknown;

/** Follows `steps` into `value`. */
export function traverse(value: unknown, steps: readonly Step[]): unknown {
  let v = value;
  for (const step of steps) {
    if (v === null || v === undefined) throw new UnsupportedExpression("a reference into a null value");
    if ("attr" in step) {
      if (typeof v !== "object" || Array.isArray(v) || !(step.attr in v)) throw new UnsupportedExpression(`a reference to a missing attribute ${step.attr}`);
      v = (v as Record<string, unknown>)[step.attr];
    } else if (Array.isArray(v) && typeof step.index === "number") {
      if (step.index >= v.length) throw new UnsupportedExpression("a reference to a missing element");
      v = v[step.index];
    } else if (typeof v === "object" && !Array.isArray(v) && String(step.index) in v) {
      v = (v as Record<string, unknown>)[String(step.index)];
    } else throw new UnsupportedExpression("a reference to a missing element");
  }
  return v;
}

/** A value interpolated into a larger string, as Terraform converts it. */
function asString(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new UnsupportedExpression(v === null ? "a null value interpolated into a string" : "a collection interpolated into a string");
}

/**
 * The value of a JSON-syntax string. A string that is exactly one interpolation has the referenced
 * value itself (a list, a number, null); otherwise the parts are joined into a string.
 */
export function evaluateTemplate(text: string, resolve: Resolver): unknown {
  const parts = parseTemplate(text);
  if (parts.length === 1 && "traversal" in parts[0]) return resolve(parts[0].traversal);
  return parts.map((p) => ("literal" in p ? p.literal : asString(resolve(p.traversal)))).join("");
}

/** The value of a JSON-syntax expression: strings (object keys too) are templates, the rest is literal. */
export function evaluate(value: unknown, resolve: Resolver): unknown {
  if (typeof value === "string") return evaluateTemplate(value, resolve);
  if (Array.isArray(value)) return value.map((v) => evaluate(v, resolve));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[asString(evaluateTemplate(k, resolve))] = evaluate(v, resolve);
    return out;
  }
  return value;
}
