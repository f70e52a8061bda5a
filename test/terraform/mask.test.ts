import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MASK, maskPlan } from "../../lib/terraform/mask";
import { runCli } from "../helpers";

const cli = (argv: string[], cwd: string) => runCli(argv, { cwd });

/** A saved plan's JSON as Terraform 1.11 prints it: a sensitive variable, attribute and output in clear. */
function planJson(secret: string, timestamp = "2026-11-22T10:00:00Z"): Record<string, unknown> {
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    timestamp,
    variables: { windows_admin_password: { value: secret } },
    planned_values: { root_module: { resources: [{ address: "aws_instance.a", values: { user_data: secret } }] } },
    prior_state: { values: { root_module: {} } },
    configuration: { root_module: {} },
    resource_changes: [
      {
        address: "aws_iam_access_key.veeam",
        type: "aws_iam_access_key",
        name: "veeam",
        change: {
          actions: ["create"],
          before: null,
          after: { user: "veeam", pgp_key: null, status: "Active" },
          after_unknown: { secret: true, id: true },
          before_sensitive: false,
          after_sensitive: { secret: true },
        },
      },
      {
        address: "aws_instance.a",
        type: "aws_instance",
        name: "a",
        change: {
          actions: ["update"],
          before: { instance_type: "m5.large", user_data: "old", tags: { b: "2", a: "1" } },
          after: { instance_type: "m5.xlarge", user_data: secret, tags: { a: "1", b: "2" } },
          after_unknown: {},
          before_sensitive: { user_data: true },
          after_sensitive: { user_data: true },
        },
      },
    ],
    output_changes: {
      veeam_credentials: { actions: ["create"], before: null, after: { secret_access_key: secret }, after_unknown: false, before_sensitive: false, after_sensitive: true },
      hosts: { actions: ["create"], before: null, after: { a: "10.0.0.1" }, after_unknown: false, before_sensitive: false, after_sensitive: false },
    },
  };
}

describe("maskPlan", () => {
  it("replaces every sensitive value and leaves out variables, state, configuration and planned values", () => {
    const masked = maskPlan(planJson("hunter2-secret"));
    const text = JSON.stringify(masked);
    expect(text).not.toContain("hunter2-secret");
    expect(Object.keys(masked).sort()).toEqual(["format_version", "output_changes", "planned_values", "resource_changes", "resource_drift", "terraform_version", "vcc_iac_masked"]);
    const [, instance] = masked.resource_changes as Array<{ change: { before: Record<string, unknown>; after: Record<string, unknown> } }>;
    expect(instance.change.before.user_data).toBe(MASK);
    expect(instance.change.after).toEqual({ instance_type: "m5.xlarge", tags: { a: "1", b: "2" }, user_data: MASK });
    expect((masked.output_changes as Record<string, { after: unknown }>).veeam_credentials.after).toBe(MASK);
    expect((masked.output_changes as Record<string, { after: unknown }>).hosts.after).toEqual({ a: "10.0.0.1" });
  });

  it("masks the same change to the same bytes, whatever the secret, the timestamp or the key order", () => {
    const a = JSON.stringify(maskPlan(planJson("one-secret", "2026-11-22T10:00:00Z")));
    const b = JSON.stringify(maskPlan(planJson("another-secret", "2026-11-23T11:00:00Z")));
    expect(a).toBe(b);
  });

  it("differs when a non-sensitive value differs", () => {
    const other = planJson("s");
    ((other.resource_changes as Array<{ change: { after: Record<string, unknown> } }>)[1].change.after).instance_type = "m5.2xlarge";
    expect(JSON.stringify(maskPlan(other))).not.toBe(JSON.stringify(maskPlan(planJson("s"))));
  });
});

describe("maskPlan with markers it does not understand", () => {
  const withMarkers = (before: unknown, after: unknown, markers: Record<string, unknown>) => ({
    format_version: "1.2",
    terraform_version: "1.11.4",
    planned_values: {},
    resource_changes: [{ address: "x.y", type: "x", name: "y", change: { actions: ["update"], before, after, ...markers } }],
  });
  const leaks = (plan: Record<string, unknown>) => JSON.stringify(maskPlan(plan)).includes("SECRET");

  it.each([
    ["a string marker", { before_sensitive: "yes", after_sensitive: "yes" }],
    ["a string inside an object marker", { before_sensitive: { p: "true" }, after_sensitive: { p: "true" } }],
    ["an object marker on a string", { before_sensitive: { p: {} }, after_sensitive: { p: [true] } }],
    ["no markers at all", {}],
  ])("masks the value under %s", (_name, markers) => {
    expect(leaks(withMarkers({ p: "SECRET_A" }, { p: "SECRET_B" }, markers))).toBe(false);
  });

  it("masks list items a shorter marker list does not cover", () => {
    const plan = withMarkers({ l: ["a", "SECRET_C"] }, { l: ["a", "SECRET_C"] }, { before_sensitive: { l: [false] }, after_sensitive: { l: [false] } });
    expect(leaks(plan)).toBe(false);
    expect(JSON.stringify(maskPlan(plan))).toContain('"l":["a","(sensitive value)"]');
  });

  it("plan --terraform-plan never shows what a malformed marker leaves unclear", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-mask-"));
    fs.mkdirSync(path.join(dir, "vbr-eu-aws"));
    fs.writeFileSync(path.join(dir, "vbr-eu-aws", "plan.json"), JSON.stringify(withMarkers({ p: "SECRET_A" }, { p: "SECRET_B" }, { before_sensitive: "no", after_sensitive: { p: "x" } })));
    fs.copyFileSync(path.join(__dirname, "..", "..", "examples", "acme.yaml"), path.join(dir, "sp.yaml"));
    const r = await cli(["plan", "sp.yaml", "--format", "markdown", "--terraform-plan", "vbr-eu-aws/plan.json"], dir);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain("SECRET");
  });
});

describe("vcc-iac mask-plan", () => {
  it("refuses two plans of one stack (the same file twice would count every change twice), exit 2", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-mask-"));
    fs.mkdirSync(path.join(dir, "vbr-eu-aws"));
    fs.writeFileSync(path.join(dir, "vbr-eu-aws", "plan.json"), JSON.stringify(planJson("s")));
    fs.copyFileSync(path.join(__dirname, "..", "..", "examples", "acme.yaml"), path.join(dir, "sp.yaml"));
    const r = await cli(["plan", "sp.yaml", "--terraform-plan", "vbr-eu-aws/plan.json", "--terraform-plan", "vbr-eu-aws/plan.json"], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/are both plans of stack vbr-eu-aws; give one plan per stack/);
  });

  it("writes the masked plan, which vcc-iac plan --terraform-plan reads", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-mask-"));
    fs.mkdirSync(path.join(dir, "vbr-eu-aws"));
    fs.writeFileSync(path.join(dir, "plan.json"), JSON.stringify(planJson("hunter2-secret")));
    const r = await cli(["mask-plan", "plan.json", "--out", "vbr-eu-aws/masked.json"], dir);
    expect([r.code, r.err]).toEqual([0, ""]);
    const written = fs.readFileSync(path.join(dir, "vbr-eu-aws", "masked.json"), "utf8");
    expect(written).not.toContain("hunter2-secret");
    fs.copyFileSync(path.join(__dirname, "..", "..", "examples", "acme.yaml"), path.join(dir, "sp.yaml"));
    const review = await cli(["plan", "sp.yaml", "--format", "markdown", "--terraform-plan", "vbr-eu-aws/masked.json"], dir);
    expect(review.code).toBe(0);
    expect(review.out).toContain("Changes: 1 to add, 1 to change, 0 to replace, 0 to remove, 0 to retire");
    expect(review.out).toContain('instance\\_type: "m5.large" -&gt; "m5.xlarge"');
  });

  it("refuses what is not a saved plan's JSON, and never writes over its input, exit 2", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-mask-"));
    fs.writeFileSync(path.join(dir, "state.json"), JSON.stringify({ format_version: "1.0", terraform_version: "1.11.4", values: {} }));
    const state = await cli(["mask-plan", "state.json"], dir);
    expect(state.code).toBe(2);
    expect(state.err).toMatch(/state\.json: is a state \(it has values, no planned_values\), not a plan/);
    fs.writeFileSync(path.join(dir, "plan.json"), JSON.stringify(planJson("s")));
    const over = await cli(["mask-plan", "plan.json", "--out", "plan.json"], dir);
    expect(over.code).toBe(2);
    expect(over.err).toMatch(/plan\.json: is an input of this run/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "plan.json"), "utf8"))).toEqual(planJson("s"));
  });

  it("makes one review of several stacks' plans; --stack goes with a single plan only", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-mask-"));
    for (const stack of ["vbr-eu-aws", "vbr-us-aws"]) {
      fs.mkdirSync(path.join(dir, stack));
      fs.writeFileSync(path.join(dir, stack, "plan.json"), JSON.stringify(planJson("s")));
    }
    fs.copyFileSync(path.join(__dirname, "..", "..", "examples", "acme.yaml"), path.join(dir, "sp.yaml"));
    const both = await cli(["plan", "sp.yaml", "--format", "json", "--terraform-plan", "vbr-eu-aws/plan.json", "--terraform-plan", "vbr-us-aws/plan.json"], dir);
    expect(both.code).toBe(0);
    const stacks = (JSON.parse(both.out) as { changes: Array<{ stack: string }> }).changes.map((c) => c.stack);
    expect([...new Set(stacks)]).toEqual(["vbr-eu-aws", "vbr-us-aws"]);
    const withStack = await cli(["plan", "sp.yaml", "--stack", "x", "--terraform-plan", "vbr-eu-aws/plan.json", "--terraform-plan", "vbr-us-aws/plan.json"], dir);
    expect(withStack.code).toBe(2);
    expect(withStack.err).toMatch(/--stack names the stack of a single --terraform-plan/);
  });
});
