/**
 * A stack's inputs, said up front: `stacks --format json` lists every variable and the credentials
 * its providers read; `stacks --tfvars DIR` writes templates, never replaces a user's file, and
 * checks the ones it keeps.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { isFillIn, tfvarsTemplate } from "../../lib/synth/inputs";
import { environmentOf } from "../../lib/terraform/credentials";
import { exampleFiles, readExample, runCli } from "../helpers";

const cli = (argv: string[], cwd: string) => runCli(argv, { cwd });

interface Variable {
  name: string;
  type: string;
  description: string;
  sensitive: boolean;
  required: boolean;
  default?: unknown;
}
interface Listed {
  name: string;
  inputs: { variables: Variable[]; environment: Array<{ for: string; ways: Array<{ way: string; all: string[] }> }>; readsStateOf: string[] };
}

function workdir(example: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vcc-iac-inputs-"));
  fs.writeFileSync(path.join(dir, "sp.yaml"), readExample(example));
  return dir;
}

async function listing(example: string): Promise<Listed[]> {
  const r = await cli(["stacks", "sp.yaml", "--format", "json"], workdir(example));
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as Listed[];
}

describe("stacks --format json: inputs", () => {
  it("names every variable a stack declares, as Terraform reads them from its cdk.tf.json", async () => {
    const [aws, azure] = await listing("s3-compatible.yaml");
    expect(aws.name).toBe("vbr-us-aws");
    expect(aws.inputs.variables.filter((v) => v.sensitive).map((v) => v.name)).toEqual([
      "s3_compatible_store_direct_access_key",
      "s3_compatible_store_direct_secret_key",
      "s3_compatible_store_wan_access_key",
      "s3_compatible_store_wan_secret_key",
    ]);
    expect(azure.inputs.variables).toEqual([]);
  });

  it("gives every variable a name a shell can export", async () => {
    for (const example of exampleFiles()) {
      for (const stack of await listing(example)) {
        for (const v of stack.inputs.variables) expect(v.name).toMatch(/^[a-z_][a-z0-9_]*$/);
      }
    }
  });

  it("names the credentials each provider and state backend reads from the environment", async () => {
    const [azure, google] = await listing("azure.yaml");
    expect(azure.inputs.environment.map((e) => e.for)).toEqual(["provider azurerm", "backend azurerm (the state)"]);
    expect(azure.inputs.environment[0].ways[0].all).toEqual(["ARM_TENANT_ID", "ARM_CLIENT_ID", "ARM_CLIENT_SECRET"]);
    // The state backend looks its account's key up through Resource Manager: it needs the subscription.
    expect(azure.inputs.environment[1].ways[0].all).toEqual(["ARM_TENANT_ID", "ARM_CLIENT_ID", "ARM_CLIENT_SECRET", "ARM_SUBSCRIPTION_ID"]);
    expect(azure.inputs.environment[1].ways.map((w) => w.all.join(" "))).toContain("ARM_ACCESS_KEY");
    expect(google.inputs.environment[0].for).toBe("provider google");
    expect(google.inputs.environment[0].ways.flatMap((w) => w.all)).toContain("GOOGLE_APPLICATION_CREDENTIALS");
    const [acme] = await listing("acme.yaml");
    expect(acme.inputs.environment.map((e) => e.for)).toEqual(["provider aws"]);
  });

  it("reads the credentials of every provider block of a stack, once per provider", () => {
    const env = environmentOf({ provider: { aws: [{ region: "x" }, { alias: "s3c", access_key: "${var.k}" }] }, terraform: { backend: { s3: {} } } });
    expect(env.map((e) => e.for)).toEqual(["provider aws", "backend s3 (the state)"]);
  });
});

describe("stacks --tfvars DIR", () => {
  it("writes one template per stack with the required variables to fill in, and names the secrets to export", async () => {
    const dir = workdir("azure.yaml");
    const r = await cli(["stacks", "sp.yaml", "--tfvars", "vars"], dir);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(path.join(dir, "vars")).sort()).toEqual(["vbr-weu-azure.auto.tfvars.json", "vbr-weu-google.auto.tfvars.json"]);
    const azure = JSON.parse(fs.readFileSync(path.join(dir, "vars", "vbr-weu-azure.auto.tfvars.json"), "utf8")) as Record<string, unknown>;
    expect(Object.keys(azure)).toEqual(["//", "dns_zone_resource_group"]);
    expect(isFillIn(azure.dns_zone_resource_group)).toBe(true);
    expect(azure["//"]).toMatch(/Sensitive: set TF_VAR_linux_admin_ssh_public_key, TF_VAR_windows_admin_password in the environment, never in a file\./);
    expect(r.err).toMatch(/^wrote vars\/vbr-weu-azure\.auto\.tfvars\.json: fill in dns_zone_resource_group; set TF_VAR_linux_admin_ssh_public_key, TF_VAR_windows_admin_password in the environment$/m);
    expect(r.err).toMatch(/^wrote vars\/vbr-weu-google\.auto\.tfvars\.json: nothing to fill in$/m);
  });

  it("never replaces a file that is there, and checks it: a value still the template's is an error, exit 1", async () => {
    const dir = workdir("acme.yaml");
    expect((await cli(["stacks", "sp.yaml", "--tfvars", "vars"], dir)).code).toBe(0);
    const file = path.join(dir, "vars", "vbr-eu-aws.auto.tfvars.json");
    const template = fs.readFileSync(file, "utf8");
    const again = await cli(["stacks", "sp.yaml", "--tfvars", "vars"], dir);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/^vars\/vbr-eu-aws\.auto\.tfvars\.json:3:3: error: route53_zone_id still holds the template's value \("FILL-IN:"\.\.\.\): replace it with yours$/m);
    expect(again.err).toMatch(/kept vars\/vbr-eu-aws\.auto\.tfvars\.json \(the template, not filled in yet\): 1 problem\(s\) above/);
    expect(fs.readFileSync(file, "utf8")).toBe(template);

    fs.writeFileSync(file, '{\n  "route53_zone_id": "Z0123456789ABCDEFGHIJ"\n}\n');
    const filled = await cli(["stacks", "sp.yaml", "--tfvars", "vars"], dir);
    expect(filled.code).toBe(0);
    expect(filled.err).toBe("kept vars/vbr-eu-aws.auto.tfvars.json (yours, never replaced)\n");
    expect(fs.readFileSync(file, "utf8")).toBe('{\n  "route53_zone_id": "Z0123456789ABCDEFGHIJ"\n}\n');
  });

  it("reports a secret written into a kept file and a missing required variable, with their positions", async () => {
    const dir = workdir("azure.yaml");
    fs.mkdirSync(path.join(dir, "vars"));
    fs.writeFileSync(path.join(dir, "vars", "vbr-weu-azure.auto.tfvars.json"), '{\n  "windows_admin_password": "hunter2",\n  "stray": 1\n}\n');
    const r = await cli(["stacks", "sp.yaml", "--tfvars", "vars"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^vars\/vbr-weu-azure\.auto\.tfvars\.json:2:3: error: windows_admin_password is sensitive: remove it from the file and set TF_VAR_windows_admin_password in the environment$/m);
    expect(r.err).toMatch(/^vars\/vbr-weu-azure\.auto\.tfvars\.json:1:1: error: dns_zone_resource_group is missing; the stack declares it/m);
    expect(r.err).toMatch(/^vars\/vbr-weu-azure\.auto\.tfvars\.json:3:3: warning: stray is not a variable of this stack/m);
    // The secret is named, never echoed.
    expect(r.err).not.toMatch(/hunter2/);
  });

  it("refuses the configuration, a folder inside an input and a kept path that is not a file, exit 2", async () => {
    const dir = workdir("acme.yaml");
    const config = await cli(["stacks", "sp.yaml", "--tfvars", "sp.yaml"], dir);
    expect(config.code).toBe(2);
    expect(config.err).toMatch(/--tfvars sp\.yaml: cannot create the folder \(a file is in the way\)/);
    expect(fs.readFileSync(path.join(dir, "sp.yaml"), "utf8")).toBe(readExample("acme.yaml"));
    expect((await cli(["synth", "sp.yaml", "--out", "base"], dir)).code).toBe(0);
    const inside = await cli(["stacks", "sp.yaml", "--changed-against", "base", "--tfvars", "base/stacks"], dir);
    expect(inside.code).toBe(2);
    expect(inside.err).toMatch(/--tfvars base\/stacks: is inside an input of this run; choose another folder/);
    expect(fs.readdirSync(path.join(dir, "base", "stacks"))).toEqual(["vbr-eu-aws"]);
    fs.mkdirSync(path.join(dir, "vars", "vbr-eu-aws.auto.tfvars.json"), { recursive: true });
    const folder = await cli(["stacks", "sp.yaml", "--tfvars", "vars"], dir);
    expect(folder.code).toBe(2);
    expect(folder.err).toMatch(/vbr-eu-aws\.auto\.tfvars\.json: is not a file/);
  });

  it("writes a template that marks each required value by the variable's type", () => {
    const inputs = {
      variables: [
        { name: "zone", type: "string", description: "The zone", sensitive: false, required: true },
        { name: "keys", type: "list(string)", description: "Keys", sensitive: false, required: true },
        { name: "size", type: "number", description: "Size", sensitive: false, required: false, default: 3 },
        { name: "token", type: "string", description: "Token", sensitive: true, required: true },
      ],
      environment: [],
      readsStateOf: [],
    };
    const body = JSON.parse(tfvarsTemplate("s", inputs)) as Record<string, unknown>;
    expect(body).toEqual({
      "//": expect.stringMatching(/Sensitive: set TF_VAR_token in the environment, never in a file\. Optional \(add to change the default\): size \(default 3\)\.$/),
      zone: "FILL-IN: The zone",
      keys: ["FILL-IN: Keys"],
    });
    expect(isFillIn(body.keys)).toBe(true);
    expect(isFillIn("Z0123")).toBe(false);
  });

  it("never writes into an input through a symbolic link to a folder that does not exist yet", async () => {
    const dir = workdir("acme.yaml");
    expect((await cli(["synth", "sp.yaml", "--out", "base"], dir)).code).toBe(0);
    fs.symlinkSync("base", path.join(dir, "link"));
    const r = await cli(["stacks", "sp.yaml", "--changed-against", "base", "--tfvars", "link/new"], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--tfvars link\/new: is inside an input of this run/);
    expect(fs.existsSync(path.join(dir, "base", "new"))).toBe(false);
  });

  it("checks every kept file before writing any: a bad one stops the run with nothing written", async () => {
    const dir = workdir("azure.yaml");
    fs.mkdirSync(path.join(dir, "vars"));
    fs.writeFileSync(path.join(dir, "vars", "vbr-weu-google.auto.tfvars.json"), "not json");
    const r = await cli(["stacks", "sp.yaml", "--tfvars", "vars"], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/vars\/vbr-weu-google\.auto\.tfvars\.json: /);
    expect(fs.readdirSync(path.join(dir, "vars"))).toEqual(["vbr-weu-google.auto.tfvars.json"]);
  });

  it("refuses a kept file too large for a tfvars file without reading it whole, exit 2", async () => {
    const dir = workdir("acme.yaml");
    fs.mkdirSync(path.join(dir, "vars"));
    fs.writeFileSync(path.join(dir, "vars", "vbr-eu-aws.auto.tfvars.json"), `{"route53_zone_id": "${"Z".repeat(2 * 1024 * 1024)}"}`);
    const r = await cli(["stacks", "sp.yaml", "--tfvars", "vars"], dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/vbr-eu-aws\.auto\.tfvars\.json: .*(larger|more than|limit)/);
  });

  it("finds a key given twice and a key written with escapes where they are; control and bidi characters never reach the terminal", async () => {
    const dir = workdir("acme.yaml");
    fs.mkdirSync(path.join(dir, "vars"));
    fs.writeFileSync(
      path.join(dir, "vars", "vbr-eu-aws.auto.tfvars.json"),
      '{\n  "route53_zone_id": "FILL-IN: x",\n  "route53\\u005fzone_id": "Z0123",\n  "evil\\u202e\\u001b[31m": 1\n}\n',
    );
    const r = await cli(["stacks", "sp.yaml", "--tfvars", "vars"], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^vars\/vbr-eu-aws\.auto\.tfvars\.json:3:3: error: route53_zone_id is given twice; keep one/m);
    expect(r.err).toMatch(/^vars\/vbr-eu-aws\.auto\.tfvars\.json:4:3: warning: evil\\u202e\\u001b\[31m is not a variable of this stack/m);
    expect(r.err).not.toMatch(/[\u001b\u202e]/);
  });
});
