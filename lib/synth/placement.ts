import * as path from "path";
import { RuleFinding } from "../diagnostics/finding";
import { Model } from "../model/model";
import { localStateDir } from "../../stacks/app";
import { isInside } from "./output-dir";

/**
 * Findings that depend on where synth writes, not on the file alone: local state inside the
 * output folder would sit among generated files (and an older vcc-iac deleted it on re-synth).
 * Reported as the format's own constraint on `backend.directory` (config-format.md: "never
 * inside the synth output"), which the schema cannot express because it depends on `--out`.
 */
export function placementFindings(model: Model, baseDir: string, outDir: string, shownOut: string): RuleFinding[] {
  if (model.backend.type !== "local") return [];
  const stateDir = localStateDir(model, baseDir);
  if (!isInside(stateDir, outDir) && !isInside(outDir, stateDir)) return [];
  const shown = path.relative(baseDir, stateDir) || ".";
  return [
    {
      rule: "VCC-SCHEMA",
      level: "error",
      path: ["backend", "directory"],
      message:
        `the local state directory '${shown}' (backend.directory, relative to this file's folder) and the synth output --out ${shownOut} overlap; ` +
        `state must live apart from generated files: choose a directory outside the output, or another --out`,
    },
  ];
}
