import { visit, YAMLError } from "yaml";
import { Finding } from "../diagnostics/finding";
import { MAX_ALIAS_EXPANSION, Source } from "./source";

/** The result of reading a YAML file: its data when it is a well-formed mapping, or VCC-YAML findings. */
export interface Loaded {
  readonly source: Source;
  readonly data?: Record<string, unknown>;
  readonly findings: Finding[];
}

/** Parses YAML text into plain data, reporting every YAML problem as a VCC-YAML error. */
export function loadYaml(file: string, text: string): Loaded {
  let source: Source;
  try {
    source = new Source(file, text);
  } catch (e) {
    // The parser recurses on nesting; a pathological file exhausts the stack rather than erroring.
    const fake = new Source(file, "");
    return { source: fake, findings: [yamlFinding(fake, 0, e instanceof RangeError ? TOO_DEEP : `the YAML cannot be parsed: ${reason(e)}`)] };
  }
  const problems = [...source.doc.errors, ...source.doc.warnings];
  if (problems.length > 0) {
    // One finding per distinct message (a broken nesting reports the same fault at every level),
    // and no cascade: after the first few, the rest are usually echoes of the first.
    const seen = new Set<string>();
    const findings: Finding[] = [];
    for (const e of problems) {
      const message = describe(e, source.text);
      if (seen.has(message)) continue;
      seen.add(message);
      if (findings.length === MAX_YAML_FINDINGS) {
        const rest = problems.length - problems.indexOf(e);
        findings.push(yamlFinding(source, e.pos[0], `${rest} more YAML problem(s) from here on, often caused by the ones above; fix those first and validate again`));
        break;
      }
      findings.push(yamlFinding(source, e.pos[0], message));
    }
    return { source, findings };
  }
  // YAML 1.1 reads 0100 as 64 and dates as timestamps; vcc-iac reads YAML 1.2 only, so both
  // parsers give one answer (found by a hostile test).
  const directive = source.doc.directives?.yaml;
  if (directive?.explicit && directive.version !== "1.2") {
    return { source, findings: [yamlFinding(source, Math.max(0, source.text.indexOf("%YAML")), `the file declares YAML ${printable(String(directive.version))}; vcc-iac reads YAML 1.2: remove the %YAML directive (or write %YAML 1.2)`)] };
  }
  let data: unknown;
  try {
    data = source.doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
  } catch (e) {
    const msg = e instanceof ReferenceError && /alias/i.test(e.message)
      ? `aliases expand past ${MAX_ALIAS_EXPANSION} nodes (a "billion laughs" document); write the values out or use fewer nested aliases`
      : e instanceof RangeError
        ? TOO_DEEP
        : `the YAML cannot be read: ${reason(e)}`;
    return { source, findings: [yamlFinding(source, firstAliasOffset(source), msg)] };
  }
  if (data === null || data === undefined) {
    return { source, findings: [yamlFinding(source, 0, "the file is empty; expected a mapping that starts with 'apiVersion: vcc-iac/v1'")] };
  }
  if (typeof data !== "object" || Array.isArray(data)) {
    const what = Array.isArray(data) ? "a sequence" : `a ${typeof data}`;
    return {
      source,
      findings: [yamlFinding(source, source.doc.contents?.range?.[0] ?? 0, `the document is ${what}; expected a mapping that starts with 'apiVersion: vcc-iac/v1'`)],
    };
  }
  return { source, data: data as Record<string, unknown>, findings: [] };
}

/** YAML problems reported before the rest are summarized in one finding. */
export const MAX_YAML_FINDINGS = 10;

const TOO_DEEP = "the document is nested too deeply to read; a configuration needs a few levels, not thousands";

function yamlFinding(source: Source, offset: number, message: string): Finding {
  return { file: source.file, ...source.position(offset), level: "error", rule: "VCC-YAML", message, path: "" };
}

function describe(e: YAMLError, text: string): string {
  const first = printable(e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, ""));
  // The parser catches its own stack overflow on pathological nesting and reports it raw, under
  // whichever error code it was handling at the time.
  if (/call stack/i.test(first)) return TOO_DEEP;
  switch (e.code) {
    case "DUPLICATE_KEY": {
      const key = /^[^:\n]*/.exec(text.slice(e.pos[0], e.pos[0] + 200))?.[0].trim() ?? "";
      return `duplicate key '${key}': it already appears in this mapping; keep one (YAML would silently drop the other)`;
    }
    case "MULTIPLE_DOCS":
      // The parser's own text points programmers at its API; users need the fix.
      return "a second YAML document starts here ('---'); a configuration is one document: remove the separator and what follows, or merge it into the first";
    case "TAG_RESOLVE_FAILED":
      return `${first}: custom YAML tags are not supported; write the plain value`;
    default:
      return first;
  }
}

function firstAliasOffset(source: Source): number {
  let offset = 0;
  visit(source.doc, {
    Alias(_, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

/** The parser quotes whole tokens: keep a message one readable line, whatever the input held. */
function printable(message: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = message.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return clean.length > 200 ? `${clean.slice(0, 160)}... (${clean.length} characters)` : clean;
}

function reason(e: unknown): string {
  return printable(e instanceof Error ? e.message.split("\n")[0] : String(e));
}
