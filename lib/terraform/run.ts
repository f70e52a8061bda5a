/**
 * Running Terraform offline on a synthesized stack. Nothing here talks to a cloud: every `aws`
 * provider (aliases included) gets mock credentials and skips the AWS-only checks, the backend is
 * a local file, and remote states (tenant shards read their infrastructure stack's outputs) are
 * local files holding the outputs a deployed stack would have. With a local provider mirror
 * (`VCC_IAC_TF_PLUGIN_DIR`, passed to `terraform init -plugin-dir`) nothing is downloaded either.
 *
 * Used by `classifyWithTerraform` (lib/terraform/classify.ts), the terraform tests and the
 * performance report (bench/terraform.ts re-exports this module).
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

/** The provider mirror named by the environment (`terraform init -plugin-dir`), if any. */
export const PLUGIN_DIR: string | undefined = process.env.VCC_IAC_TF_PLUGIN_DIR || undefined;

/**
 * The environment every terraform command runs with: no update check (it would go to the
 * network), output meant for programs, and never a prompt (a prompt would hang until the timeout).
 */
export const TF_ENV: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_INPUT: "0" };

/** The cdk.tf.json parts the harness reads. Values are as cdktf wrote them. */
export interface StackJson {
  provider?: Record<string, Array<Record<string, unknown>>>;
  variable?: Record<string, Record<string, unknown>>;
  data?: Record<string, Record<string, unknown>>;
  resource?: Record<string, Record<string, unknown>>;
  output?: Record<string, unknown>;
  terraform?: Record<string, unknown>;
}

/** Where the terraform state of an offline run lives, relative to its folder. */
export const OFFLINE_STATE = "terraform.tfstate";

let binary: string | null | undefined;

/**
 * The terraform executable on PATH, or undefined. Looked up once per process: asking the shell
 * (or letting spawn fail with ENOENT) would not tell a missing terraform from a failing one.
 */
export function terraformBinary(): string | undefined {
  if (binary !== undefined) return binary ?? undefined;
  binary = null;
  const names = process.platform === "win32" ? ["terraform.exe"] : ["terraform"];
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    for (const name of names) {
      const candidate = path.join(dir, name);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return (binary = candidate);
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/** `Terraform v1.11.4`, or undefined when terraform is not installed or does not run. */
export function terraformVersion(): string | undefined {
  const bin = terraformBinary();
  if (!bin) return undefined;
  try {
    return execFileSync(bin, ["version"], { encoding: "utf8", env: TF_ENV, stdio: ["ignore", "pipe", "pipe"], timeout: 30_000 }).split("\n")[0];
  } catch {
    return undefined;
  }
}

/**
 * The value a remote state's output has in an offline run. Deterministic per output name, so the
 * state built from a previous synth output and the plan of the new one agree. Cross-stack outputs
 * are role ARNs today; an ARN-shaped value keeps the IAM policies that embed it valid JSON.
 */
export function remoteStateOutputValue(output: string): string {
  return `arn:aws:iam::123456789012:role/vcc-iac/mock/${output}`;
}

/** Output names read from remote state `name` anywhere in the stack. */
function remoteOutputsRead(json: StackJson, name: string): string[] {
  const re = new RegExp(`data\\.terraform_remote_state\\.${name.replace(/[-.*+?^${}()|[\]\\]/g, "\\$&")}\\.outputs\\.([A-Za-z0-9_-]+)`, "g");
  return [...new Set([...JSON.stringify(json).matchAll(re)].map((m) => m[1]))];
}

/** Writes a local state file per remote state, holding every output the stack reads from it. */
function remoteStates(dir: string, json: StackJson): Record<string, object> {
  const out: Record<string, object> = {};
  for (const name of Object.keys(json.data?.terraform_remote_state ?? {})) {
    const outputs: Record<string, object> = {};
    for (const o of remoteOutputsRead(json, name)) outputs[o] = { value: remoteStateOutputValue(o), type: "string", sensitive: true };
    const file = path.join(dir, `${name}.tfstate`);
    fs.writeFileSync(file, JSON.stringify({ version: 4, terraform_version: "1.0.0", serial: 1, lineage: "00000000-0000-4000-8000-000000000000", outputs, resources: [], check_results: null }));
    out[name] = { backend: "local", config: { path: file } };
  }
  return out;
}

/**
 * The override file that makes a stack plan offline (`override.tf.json` in `dir`): mock
 * credentials and skip flags for every aws provider configuration, a local backend on
 * `statePath` (relative to `dir`), and remote states read from local files written into `dir`.
 */
export function offlineOverrides(json: StackJson, dir: string, statePath: string = OFFLINE_STATE): object {
  const providers = (json.provider?.aws ?? []).map((p) => ({
    ...(p.alias ? { alias: p.alias } : {}),
    access_key: "mock-access-key",
    secret_key: "mock-secret-key",
    skip_credentials_validation: true,
    skip_requesting_account_id: true,
    skip_metadata_api_check: "true",
    skip_region_validation: true,
    // The account and role of the file cannot be checked with mock credentials.
    allowed_account_ids: null,
    assume_role: [],
  }));
  const states = remoteStates(dir, json);
  return {
    terraform: { backend: { local: { path: statePath } } },
    ...(providers.length > 0 ? { provider: { aws: providers } } : {}),
    ...(Object.keys(states).length > 0 ? { data: { terraform_remote_state: states } } : {}),
  };
}

/**
 * The value each variable has in an offline run: its default, or a placeholder of its type for
 * those without one (Route 53 zone IDs are checked for their shape, so they get a real-looking one).
 * State building resolves `${var.x}` to the same values, so both sides of a comparison agree.
 */
export function variableValues(json: StackJson): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(json.variable ?? {})) {
    if ("default" in v) out[name] = v.default;
    else if (name === "route53_zone_id") out[name] = "Z0123456789ABCDEFGHIJ";
    else if (v.type === "number") out[name] = 0;
    else if (v.type === "bool") out[name] = false;
    else out[name] = "mock";
  }
  return out;
}

/** `-var` arguments for the variables without a default. */
export function varArgs(json: StackJson): string[] {
  const values = variableValues(json);
  return Object.entries(json.variable ?? {})
    .filter(([, v]) => !("default" in v))
    .flatMap(([name]) => ["-var", `${name}=${String(values[name])}`]);
}

/**
 * A terraform command that failed. `message` is one line (Terraform's own error summary, never
 * configuration text); the full output is kept in `output` for whoever debugs, not for users.
 */
export class TerraformError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
    this.name = "TerraformError";
  }
}

/** Limits of one terraform command. */
export interface RunOptions {
  /** Kills terraform (and its provider processes) after this long. Default 10 minutes. */
  readonly timeoutMs?: number;
  /** Most stdout kept; a command printing more fails. Default 256 MiB (`show -json` of a big stack). */
  readonly maxBuffer?: number;
  /** Added to the environment (`TF_VAR_...` of sensitive variables). Default none. */
  readonly env?: Readonly<Record<string, string>>;
}

const STDERR_LIMIT = 1024 * 1024;

/**
 * Terraform's error summary from its output: the first `Error: ...` line without the box drawing
 * Terraform puts around diagnostics. The lines after it quote configuration and values, so they
 * are left out.
 */
export function errorSummary(output: string): string | undefined {
  for (const raw of output.split("\n")) {
    const line = raw.replace(/^[\s│╷╵]+/, "").trim();
    if (line.startsWith("Error: ")) return line.length > 200 ? `${line.slice(0, 197)}...` : line;
  }
  return undefined;
}

/**
 * Runs `terraform args` in `dir` and returns its stdout. Bounded: stdout beyond `maxBuffer` and a
 * run beyond `timeoutMs` fail the command. Terraform runs in a process group of its own, so a
 * timeout ends the provider plugins it started too (SIGTERM, then SIGKILL after 5 s).
 */
export function terraform(dir: string, args: string[], options: RunOptions = {}): Promise<string> {
  const bin = terraformBinary();
  const command = `terraform ${args[0] ?? ""}`.trim();
  if (!bin) return Promise.reject(new TerraformError("terraform is not installed (not found on PATH)", ""));
  const timeoutMs = options.timeoutMs ?? 600_000;
  const maxBuffer = options.maxBuffer ?? 256 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: dir, env: { ...TF_ENV, ...options.env }, stdio: ["ignore", "pipe", "pipe"], detached: process.platform !== "win32" });
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = "";
    let failure: string | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (why: string) => {
      if (failure) return;
      failure = why;
      const signal = (s: NodeJS.Signals) => {
        try {
          if (child.pid !== undefined && process.platform !== "win32") process.kill(-child.pid, s);
          else child.kill(s);
        } catch {
          // already gone
        }
      };
      signal("SIGTERM");
      killTimer = setTimeout(() => signal("SIGKILL"), 5_000);
      killTimer.unref();
    };
    const timer = setTimeout(() => stop(`${command} timed out after ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxBuffer) return stop(`${command} printed more than ${Math.round(maxBuffer / 1024 / 1024)} MiB`);
      stdout.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_LIMIT);
    });
    child.on("error", (e) => {
      clearTimeout(timer);
      failure ??= `${command} could not start (${(e as NodeJS.ErrnoException).code ?? "error"})`;
      reject(new TerraformError(failure, stderr));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      const out = Buffer.concat(stdout).toString("utf8");
      if (failure) return reject(new TerraformError(failure, stderr + out));
      if (code !== 0) {
        const summary = errorSummary(stderr) ?? errorSummary(out) ?? (signal ? `killed by ${signal}` : `exit code ${code}`);
        return reject(new TerraformError(`${command} failed: ${summary}`, stderr + out));
      }
      resolve(out);
    });
  });
}
