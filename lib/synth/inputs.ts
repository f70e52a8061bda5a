/**
 * What a synthesized stack needs from whoever runs Terraform on it: the variables it declares,
 * the credentials its providers and backend read from the environment, and the stacks whose
 * state it reads. Read from the stack's own cdk.tf.json, so it cannot drift from what Terraform
 * will ask for.
 */
import { EnvironmentCredentials, environmentOf } from "../terraform/credentials";

/** One Terraform variable of a stack. */
export interface StackVariable {
  readonly name: string;
  /** Terraform's type expression (`string`, `list(string)`). */
  readonly type: string;
  readonly description: string;
  /** Set it as `TF_VAR_<name>` in the environment, never in a file. */
  readonly sensitive: boolean;
  /** Without a default, every run must give a value. */
  readonly required: boolean;
  /**
   * The default (`null` is a default: "none").
   * @default absent when `required`
   */
  readonly default?: unknown;
}

/** Everything a stack needs besides its cdk.tf.json. */
export interface StackInputs {
  /** By name. */
  readonly variables: readonly StackVariable[];
  /** Credentials, one way per entry, from the environment. */
  readonly environment: readonly EnvironmentCredentials[];
  /** Stacks whose state this one reads (they are applied first). */
  readonly readsStateOf: readonly string[];
}

/** The parts of a cdk.tf.json the inputs come from. */
export interface InputsJson {
  readonly variable?: Record<string, Record<string, unknown>>;
  readonly provider?: Record<string, ReadonlyArray<Record<string, unknown>>>;
  readonly terraform?: Record<string, unknown>;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The inputs of one stack, from its JSON and the stacks it depends on. */
export function inputsOf(json: InputsJson, dependsOn: readonly string[]): StackInputs {
  const variables = Object.entries(json.variable ?? {})
    .sort(([a], [b]) => byName(a, b))
    .map(([name, v]): StackVariable => ({
      name,
      type: typeof v.type === "string" ? v.type : "string",
      description: typeof v.description === "string" ? v.description : "",
      sensitive: v.sensitive === true,
      required: !("default" in v),
      ...("default" in v ? { default: v.default } : {}),
    }));
  return { variables, environment: environmentOf(json), readsStateOf: [...dependsOn] };
}

/** The value a template gives a required variable: obviously not the user's, of the variable's type. */
export function fillIn(v: StackVariable): unknown {
  const text = `FILL-IN: ${v.description || v.name}`;
  if (v.type === "number") return 0;
  if (v.type === "bool") return false;
  if (/^(list|set)\(/.test(v.type)) return [text];
  return text;
}

/** The prefix every template value that still needs the user's own starts with. */
export const FILL_IN = "FILL-IN: ";

/**
 * The `<stack>.auto.tfvars.json` template: every required non-sensitive variable, with a value to
 * replace; its `//` comment (Terraform reads it as a comment) names the sensitive variables, to
 * be set as `TF_VAR_...` in the environment, and the optional ones.
 */
export function tfvarsTemplate(stack: string, inputs: StackInputs): string {
  const required = inputs.variables.filter((v) => v.required && !v.sensitive);
  const secret = inputs.variables.filter((v) => v.sensitive);
  const optional = inputs.variables.filter((v) => !v.required && !v.sensitive);
  const notes = [
    `Variables of stack ${stack}, written by vcc-iac stacks --tfvars. Replace each value that starts with ${JSON.stringify(FILL_IN)}, then copy this file into the stack's folder (Terraform reads *.auto.tfvars.json there).`,
    secret.length > 0 ? `Sensitive: set ${secret.map((v) => `TF_VAR_${v.name}`).join(", ")} in the environment, never in a file.` : "No sensitive variables.",
    optional.length > 0 ? `Optional (add to change the default): ${optional.map((v) => `${v.name} (default ${JSON.stringify(v.default)})`).join(", ")}.` : "",
  ].filter((n) => n !== "");
  const body: Record<string, unknown> = { "//": notes.join(" ") };
  for (const v of required) body[v.name] = fillIn(v);
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** Whether a value still holds a template's placeholder. */
export function isFillIn(value: unknown): boolean {
  return typeof value === "string" ? value.startsWith(FILL_IN) : Array.isArray(value) && value.some(isFillIn);
}
