/**
 * A property of the synth output folder: whatever sequence of syntheses (with stacks appearing
 * and disappearing), Terraform-like writes and the user's own files, nothing that vcc-iac did not
 * write ever disappears or changes. Random sequences (fast-check, fixed seed) over a real folder.
 */
import * as fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthesizeNow } from "../lib/synth/synthesize";
import { modelOf } from "./synth/helpers";
import { readExample } from "./helpers";

/** Local state (no backend block), so that never-applied stacks can really be removed. */
const local = (text: string) => text.replace(/\nbackend:\n(?: {2}.*\n)+/, "\n");
const S3C = local(readExample("s3-compatible.yaml"));
const NO_AZURE = S3C.replace(/ {6}- name: blob-archive\n(?: {8}.*\n)+/, "").replace(/ {6}- repository: blob-archive\n(?: {8}.*\n)+/, "");
const CONFIGS = [S3C, NO_AZURE, readExample("acme.yaml"), readExample("google.yaml")].map((text, i) => modelOf(`config-${i}.yaml`, text));

/** Files Terraform and users put into stack folders and beside them. */
const USER_FILES = [
  ".terraform/providers/registry.terraform.io/hashicorp/aws/plugin",
  ".terraform.lock.hcl",
  "terraform.tfstate",
  "terraform.tfstate.backup",
  "terraform.tfstate.d/staging/terraform.tfstate",
  "plan.bin",
  "notes.txt",
  "cdk.tf.json.orig",
  ".cdk.tf.json.vcc-iac-tmp-mine",
];
const STACK_NAMES = ["vbr-us-aws", "vbr-us-aws-tenants-0", "vbr-us-azure", "vbr-eu-aws", "vbr-eu-aws-tenants-0", "vbr-apac-google", "unknown-stack"];

type Action = { kind: "synth"; config: number } | { kind: "write"; stack: number; file: number; content: string } | { kind: "root"; content: string };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant("synth" as const), config: fc.integer({ min: 0, max: CONFIGS.length - 1 }) }),
  fc.record({ kind: fc.constant("write" as const), stack: fc.integer({ min: 0, max: STACK_NAMES.length - 1 }), file: fc.integer({ min: 0, max: USER_FILES.length - 1 }), content: fc.string({ maxLength: 20 }) }),
  fc.record({ kind: fc.constant("root" as const), content: fc.string({ maxLength: 20 }) }),
);

describe("the synth output folder, under random sequences", () => {
  it("never loses or changes a file vcc-iac did not write", () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 8 }), (actions) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-property-"));
        const out = path.join(dir, "cdktf.out");
        const theirs = new Map<string, string>();
        try {
          for (const a of actions) {
            if (a.kind === "synth") {
              synthesizeNow(CONFIGS[a.config], { outDir: "cdktf.out", cwd: dir, baseDir: dir, inputs: [] });
            } else {
              // Only into an existing output: an empty folder with a user file is no vcc-iac output.
              if (!fs.existsSync(path.join(out, "vcc-iac-stacks.json"))) continue;
              const file = a.kind === "root" ? path.join(out, "README.md") : path.join(out, "stacks", STACK_NAMES[a.stack], USER_FILES[a.file]);
              fs.mkdirSync(path.dirname(file), { recursive: true });
              fs.writeFileSync(file, a.content);
              theirs.set(file, a.content);
            }
            for (const [file, content] of theirs) {
              expect(fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "(gone)").toBe(content);
            }
          }
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 25, seed: 20261122 },
    );
  }, 180_000);
});
