/**
 * Makes a string from the YAML reach Terraform as a literal. cdktf writes strings verbatim, so
 * Terraform would evaluate `${...}` and `%{...}` found in a tenant name or description. Both are
 * doubled (`$${`, `%%{`), which Terraform reads back as the original text. (`Fn.rawString` only
 * handles `${`.)
 */
export function literal(value: string): string {
  // Replacer functions, not strings: in a replacement string "$$" would itself mean one "$".
  return value.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
}
