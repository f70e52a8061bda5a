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
    return { source: fake, findings: [yamlFinding(fake, 0, `the YAML cannot be parsed: ${reason(e)}`)] };
  }
  const problems = [...source.doc.errors, ...source.doc.warnings];
  if (problems.length > 0) {
    return { source, findings: problems.map((e) => yamlFinding(source, e.pos[0], describe(e))) };
  }
  let data: unknown;
  try {
    data = source.doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION });
  } catch (e) {
    const msg = e instanceof ReferenceError && /alias/i.test(e.message)
      ? `aliases expand past ${MAX_ALIAS_EXPANSION} nodes (a "billion laughs" document); write the values out or use fewer nested aliases`
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

function yamlFinding(source: Source, offset: number, message: string): Finding {
  return { file: source.file, ...source.position(offset), level: "error", rule: "VCC-YAML", message, path: "" };
}

function describe(e: YAMLError): string {
  const first = e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  switch (e.code) {
    case "DUPLICATE_KEY":
      return `${first}: a key appears twice in one mapping; keep one (YAML would silently drop the other)`;
    case "MULTIPLE_DOCS":
      return `${first}: a configuration is one YAML document; remove the extra '---' section`;
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

function reason(e: unknown): string {
  if (e instanceof RangeError) return "it is nested too deeply";
  return e instanceof Error ? e.message.split("\n")[0] : String(e);
}
