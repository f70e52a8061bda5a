/**
 * Makes a string from the YAML reach Terraform as a literal. cdktf writes strings verbatim, so
 * Terraform would evaluate `${...}` and `%{...}` found in a tenant name or description. Both are
 * doubled (`$${`, `%%{`), which Terraform reads back as the original text. (`Fn.rawString` only
 * handles `${`.)
 */
export function literal(value: string): string {
  return value.replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
}
