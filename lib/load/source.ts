import {
  Alias,
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  Node as YamlNode,
  parseDocument,
} from "yaml";
import { Finding, Path, RuleFinding, formatPath } from "../diagnostics/finding";

/**
 * How many times aliases may be expanded in one document. A real configuration uses a handful;
 * a "billion laughs" file needs thousands, and is reported instead of expanded.
 */
export const MAX_ALIAS_EXPANSION = 1000;

/** A YAML source with its parsed document, able to place a path at a line and column. */
export class Source {
  private readonly lines = new LineCounter();
  readonly doc: Document.Parsed;

  /**
   * @param file name used in findings (as the user typed it)
   * @param text the file's content
   */
  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.doc = parseDocument(text, {
      lineCounter: this.lines,
      prettyErrors: false,
      uniqueKeys: true,
      strict: true,
      version: "1.2",
    });
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    const { line, col } = this.lines.linePos(Math.max(0, Math.min(offset, this.text.length)));
    return { line, column: col };
  }

  /** Places a check's finding at the YAML node its path names. */
  place(f: RuleFinding): Finding {
    const offset = this.offsetOf(f.path, f.target ?? "value");
    return {
      file: this.file,
      ...this.position(offset),
      level: f.level,
      rule: f.rule,
      message: f.message,
      path: formatPath(f.path),
    };
  }

  /**
   * Offset of the node at `path` (its key when `target` is "key"). A path that goes past the
   * document (a missing key) lands on the deepest node that exists, so a missing property points
   * at the mapping that lacks it.
   */
  offsetOf(path: Path, target: "key" | "value"): number {
    let node: unknown = this.doc.contents;
    let keyNode: YamlNode | undefined;
    for (const seg of path) {
      node = this.resolve(node);
      let next: unknown;
      let nextKey: YamlNode | undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (pair) {
          next = pair.value ?? pair.key;
          nextKey = pair.key as YamlNode;
        }
      } else if (isSeq(node) && typeof seg === "number") {
        next = node.items[seg];
      }
      if (next === undefined || next === null) break;
      node = next;
      keyNode = nextKey;
    }
    const chosen = target === "key" && keyNode ? keyNode : (node as YamlNode | null | undefined);
    return chosen?.range?.[0] ?? 0;
  }

  private resolve(node: unknown): unknown {
    // Aliases are followed so that a path through `*anchor` still finds its node; the depth bound
    // stops a malicious chain of aliases.
    for (let i = 0; i < 100 && isAlias(node); i++) node = (node as Alias).resolve(this.doc);
    return node;
  }
}
