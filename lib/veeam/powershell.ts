/**
 * The scripts that run on the SP backup server (Veeam's PowerShell module exists there only:
 * "connecting to a Microsoft Windows-based backup server from a remote Linux machine using Veeam
 * Backup PowerShell is not supported", domain-facts.md): the read script, which prints the current
 * configuration as JSON, and the apply script, which makes exactly the changes of one plan, after
 * checking that the server's configuration is still the one planned against. PowerShell 7.
 *
 * Every value from the YAML is a single-quoted literal (quotes doubled, typographic ones too, since
 * PowerShell accepts them as quote characters), or built from code points when it holds control
 * characters. No secret is in a script: they are read on the server from the Terraform outputs or
 * the environment.
 */
import { Arg, Call, Filter } from "./calls";
import { SecretRef } from "./config";
import { Field, READERS, Reader, SECURITY_OPTIONS_READER, STATE_FORMAT } from "./readers";
import { LEASE_TIME, VeeamChange, VeeamPlan } from "./reconcile";

/** PowerShell's single quote characters (about_Quoting_Rules: ' and the typographic ones). */
const QUOTES = /['\u2018\u2019\u201A\u201B]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;

/** A string literal that PowerShell reads back as exactly `s`. */
export function psString(s: string): string {
  if (!CONTROL.test(s)) return `'${s.replace(QUOTES, (q) => q + q)}'`;
  // Control characters: concatenated from their code points, so no line ever breaks.
  const parts: string[] = [];
  let run = "";
  for (const ch of s) {
    if (CONTROL.test(ch)) {
      if (run) parts.push(`'${run.replace(QUOTES, (q) => q + q)}'`);
      run = "";
      parts.push(`[char]${ch.charCodeAt(0)}`);
    } else run += ch;
  }
  if (run) parts.push(`'${run.replace(QUOTES, (q) => q + q)}'`);
  return `([string]::Concat(${parts.join(", ")}))`;
}

/**
 * Text inside a block comment (<# ... #>): no control characters (a line break would end a help
 * keyword's text), and neither '<#' nor '#>', which would open or close the comment.
 */
export function commentText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, "?").replace(/<#/g, "< #").replace(/#>/g, "# >");
}

/** A number as PowerShell reads it, whatever the culture. */
function psNumber(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`internal error: ${n} is not a number PowerShell can take`);
  return String(n);
}

const WORD = /^[A-Za-z][A-Za-z0-9-]*$/;
const VARIABLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function variable(name: string): string {
  if (!VARIABLE.test(name)) throw new Error(`internal error: '${name}' is not a variable name`);
  return `$${name}`;
}

/** A property path of an object expression: `$_.Host.Name`. */
function member(expr: string, path: string): string {
  for (const step of path.split(".")) if (!WORD.test(step)) throw new Error(`internal error: '${path}' is not a property path`);
  return `${expr}.${path}`;
}

function filter(f: Filter): string {
  const left = member("$_", f.property);
  // Case-sensitive, as vcc-iac compares (PowerShell's -eq, -like and -notin ignore case).
  if ("eq" in f) return `${left} -ceq ${psString(f.eq)}`;
  if ("eqVar" in f) return `${left} -ceq ${variable(f.eqVar)}`;
  if ("eqIdOf" in f) return `${left} -eq (${renderArg(f.eqIdOf)}).Id`;
  if ("like" in f) return `${left} -clike ${psString(escapeWildcard(f.like))}`;
  return `${left} -cnotin @(${f.notIn.map(psString).join(", ")})`;
}

/** A -like pattern whose only wildcard is a trailing `*`: the rest matched literally. */
function escapeWildcard(pattern: string): string {
  const star = pattern.endsWith("*");
  const body = star ? pattern.slice(0, -1) : pattern;
  return `${body.replace(/[`[\]*?]/g, (c) => `\`${c}`)}${star ? "*" : ""}`;
}

export function renderArg(a: Arg): string {
  switch (a.kind) {
    case "text":
      return psString(a.value);
    case "number":
      return psNumber(a.value);
    case "switch":
      return "";
    case "bool":
      return a.value ? "$true" : "$false";
    case "enum":
      if (!WORD.test(a.value)) throw new Error(`internal error: '${a.value}' is not an enumeration value`);
      return a.value;
    case "date":
      if (!/^\d{4}-\d{2}-\d{2}$/.test(a.value)) throw new Error(`internal error: '${a.value}' is not a date`);
      return `([datetime]::ParseExact('${a.value} ${LEASE_TIME}', 'yyyy-MM-dd HH:mm:ss', [cultureinfo]::InvariantCulture))`;
    case "var":
      return variable(a.name);
    case "list":
      // `@(a) + @(b)`: one flat array even when an item is itself an array (a lookup's result),
      // where `@(a, b)` would nest it.
      return a.items.length === 0 ? "@()" : a.items.length === 1 ? `@(${renderArg(a.items[0])})` : `(${a.items.map((i) => `@(${renderArg(i)})`).join(" + ")})`;
    case "secret":
      return `(Get-VccSecret ${psString(a.key)})`;
    case "secure-secret":
      return `(ConvertTo-SecureString -String (Get-VccSecret ${psString(a.key)}) -AsPlainText -Force)`;
    case "secret-file":
      return `(Write-VccSecretFile ${psString(a.key)})`;
    case "password":
      return `(New-VccPassword ${psString(a.account)})`;
    case "fingerprinted":
      return `(${psString(`${a.text} fp=`)} + (Get-VccFingerprint @(${a.keys.map(psString).join(", ")})))`;
    case "lookup": {
      let expr = `(${renderCall(a.call)})`;
      if (a.member) expr = `(${member(expr, a.member)})`;
      if (a.where) expr = `(${expr} | Where-Object { ${filter(a.where)} })`;
      if (a.first) expr = `(${expr} | Select-Object -First 1)`;
      return expr;
    }
  }
}

/**
 * Parameters whose names hold a digit (-AmazonS3Folder) are passed by splatting (`@VccSplat`),
 * which PowerShell treats exactly like naming them: the PowerShell grammar the tests parse with
 * (tree-sitter-powershell 0.26.4) cannot read such a name after a dash.
 */
const SPLATTED = /\d/;

/** One cmdlet invocation, without assignment. */
export function renderCall(c: Call, splat?: string): string {
  if (!/^[A-Z][a-z]+-VBR[A-Za-z0-9]+$/.test(c.cmdlet)) throw new Error(`internal error: '${c.cmdlet}' is not a Veeam cmdlet`);
  const params = c.params.flatMap(([name, arg]) => {
    if (!WORD.test(name)) throw new Error(`internal error: '${name}' is not a parameter name`);
    if (SPLATTED.test(name)) {
      if (!splat) throw new Error(`internal error: -${name} needs a statement of its own (splatting)`);
      return [];
    }
    if (arg.kind === "switch") return [`-${name}`];
    if (arg.kind === "bool") return [`-${name}:${renderArg(arg)}`];
    return [`-${name} ${renderArg(arg)}`];
  });
  return [c.cmdlet, ...(splat ? [`@${splat}`] : []), ...params].join(" ");
}

/** A statement: the call, its assignment, and its guard. */
export function renderStatement(c: Call, indent = ""): string {
  const splatted = c.params.filter(([name]) => SPLATTED.test(name));
  const splat = splatted.length > 0 ? "VccSplat" : undefined;
  const before = splat ? `${indent}$${splat} = @{ ${splatted.map(([name, arg]) => `${name} = ${arg.kind === "switch" ? "$true" : renderArg(arg)}`).join("; ")} }\n` : "";
  const body = c.assign ? `${variable(c.assign)} = ${renderCall(c, splat)}` : `$null = ${renderCall(c, splat)}`;
  return c.unlessSet ? `${before}${indent}if (-not ${variable(c.unlessSet)}) { ${body} }` : `${before}${indent}${body}`;
}

// ---------------------------------------------------------------------------------------------
// The read script.

function fieldExpr(obj: string, f: Field, depth: number): string {
  if (typeof f === "string") return member(obj, f);
  const value = member(obj, f.path);
  const x = `$x${depth}`;
  if ("each" in f) return `@(foreach (${x} in @(${value})) { if ($null -ne ${x}) { ${record(x, f.each, depth + 1)} } })`;
  if ("one" in f) return `$(if ($null -ne ${value}) { ${x} = ${value}; ${record(x, f.one, depth + 1)} } else { $null })`;
  switch (f.as) {
    case "string":
      return `$(if ($null -ne ${value}) { "$(${value})" } else { $null })`;
    case "date":
      return `$(if ($null -ne ${value}) { ${value}.ToString('yyyy-MM-dd', [cultureinfo]::InvariantCulture) } else { $null })`;
    case "bool":
      // [bool] of a SwitchParameter is its IsPresent; ConvertTo-Json would write the object.
      return `$(if ($null -ne ${value}) { [bool]${value} } else { $null })`;
    case "names":
      return `@(foreach (${x} in @(${value})) { if ($null -ne ${x}) { ${x}.Name } })`;
    default:
      return `@(foreach (${x} in @(${value})) { if ($null -ne ${x}) { "$(${x}.Id)" } })`;
  }
}

function record(obj: string, fields: Readonly<Record<string, Field>>, depth: number): string {
  return `[ordered]@{ ${Object.entries(fields)
    .map(([k, f]) => `${k} = ${fieldExpr(obj, f, depth)}`)
    .join("; ")} }`;
}

function readerBlock(r: Reader | typeof SECURITY_OPTIONS_READER): string {
  const cases = "variants" in r && r.variants
    ? `\n      switch ("$(${member("$o", r.variants.on)})") {\n${Object.entries(r.variants.cases)
        .map(([value, c]) => `        ${psString(value)} { ${Object.entries(c.fields).map(([k, f]) => `$r[${psString(k)}] = ${fieldExpr("$o", f, 1)}`).join("; ")} }`)
        .join("\n")}\n      }`
    : "";
  return `  $state[${psString(r.key)}] = @(foreach ($o in (Get-VccSorted @(${r.cmdlet})) ) {\n      $r = ${record("$o", r.fields, 1)}${cases}\n      $r\n    })`;
}

/** The function both scripts use to read the state: one Get- call per kind of object. */
export function readFunction(): string {
  const blocks = READERS.map(readerBlock).join("\n");
  const so = SECURITY_OPTIONS_READER;
  return `function Read-VccState {
  # Reads this backup server's Cloud Connect configuration (${STATE_FORMAT}); one Get- call per kind of object.
  $state = [ordered]@{ format = ${psString(STATE_FORMAT)}; computer = $env:COMPUTERNAME }
${blocks}
  $state[${psString(so.key)}] = @(foreach ($repo in (Get-VccSorted @(Get-VBRObjectStorageRepository | Where-Object { "$($_.Type)" -eq 'AmazonS3Compatible' }))) {
      $o = ${so.cmdlet} -Repository $repo
      $r = ${record("$o", so.fields, 1)}
      $r['repository'] = $repo.Name
      $r
    })
  # ASCII only (other characters escaped): the same bytes whatever the console's code page.
  return ($state | ConvertTo-Json -Depth 16 -Compress -EscapeHandling EscapeNonAscii)
}`;
}

const HELPERS = `function Get-VccSorted($items) {
  # Sorted by Name, ordinally: the same order on every machine, whatever its culture.
  $list = @($items | Where-Object { $null -ne $_ })
  if ($list.Count -lt 2) { return ,$list }
  $keys = [string[]]@(foreach ($i in $list) { "$($i.Name)" })
  $array = [object[]]$list
  [Array]::Sort($keys, $array, [StringComparer]::Ordinal)
  return ,$array
}

function Get-VccSha256([string] $text) {
  $bytes = [Text.Encoding]::UTF8.GetBytes($text)
  return [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($bytes)).ToLowerInvariant()
}`;

/** The read script: prints the state; run it on the backup server, save its output for `--against`. */
export function readScript(generatedBy: string): string {
  return `#Requires -Version 7.2
<#
.SYNOPSIS
Reads this Veeam backup server's Cloud Connect configuration for vcc-iac (no change is made).
.DESCRIPTION
${commentText(generatedBy)}. Run it on the SP backup server (Veeam's PowerShell module is there) and save
what it prints: that file is the state 'vcc-iac veeam FILE --server NAME --against STATE' plans against.
  pwsh -File vcc-iac-read.ps1 > state.json
#>
[CmdletBinding()]
param()
$ErrorActionPreference = 'Stop'
Import-Module Veeam.Backup.PowerShell -ErrorAction Stop

${HELPERS}

${readFunction()}

Read-VccState
`;
}

// ---------------------------------------------------------------------------------------------
// The apply script.

function secretSource(key: string, ref: SecretRef): string {
  if ("env" in ref) return `  ${psString(key)} = @{ env = ${psString(ref.env)} }`;
  return `  ${psString(key)} = @{ output = ${psString(ref.output)}; path = @(${ref.path.map(psString).join(", ")})${ref.decode ? `; decode = ${psString(ref.decode)}` : ""} }`;
}

const APPLY_HELPERS = `function Get-VccSecret([string] $key) {
  # A secret from the Terraform outputs (-TerraformOutputs) or the environment; never printed.
  if ($script:VccSecretCache.ContainsKey($key)) { return $script:VccSecretCache[$key] }
  $source = $VccSecretSources[$key]
  if ($null -eq $source) { throw "vcc-iac: internal error: no source for secret '$key'" }
  if ($source.ContainsKey('env')) {
    $value = [Environment]::GetEnvironmentVariable($source.env)
    if ([string]::IsNullOrEmpty($value)) { throw "vcc-iac: the secret '$key' comes from the environment variable $($source.env), which is not set on this server" }
  } else {
    if (-not $VccOutputs.ContainsKey($source.output)) { throw "vcc-iac: the secret '$key' comes from the Terraform output '$($source.output)': pass this server's 'terraform output -json' files with -TerraformOutputs" }
    $value = $VccOutputs[$source.output]['value']
    foreach ($step in $source.path) {
      if ($null -eq $value -or -not ($value -is [System.Collections.IDictionary]) -or -not $value.Contains($step)) { throw "vcc-iac: the Terraform output '$($source.output)' has no '$($source.path -join '.')' (secret '$key')" }
      $value = $value[$step]
    }
    $value = [string]$value
    if ($source.decode -eq 'base64') { $value = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($value)) }
  }
  $script:VccSecretCache[$key] = $value
  return $value
}

function Get-VccFingerprint([string[]] $keys) {
  # Recognizes a rotated key without storing it: the first 16 hex digits of SHA-256 over the secrets.
  return (Get-VccSha256 ((@(foreach ($k in $keys) { Get-VccSecret $k })) -join [char]10)).Substring(0, 16)
}

function Write-VccSecretFile([string] $key) {
  # A secret Veeam takes as a file path (a JSON key): readable by Administrators and SYSTEM only, removed at the end.
  $path = Join-Path $VccWorkFolder ("secret-" + [Guid]::NewGuid().ToString('N') + '.json')
  Protect-VccFile $path
  Set-Content -LiteralPath $path -Value (Get-VccSecret $key) -Encoding utf8NoBOM -NoNewline
  return $path
}

function Get-VccProtectedAcl([bool] $folder) {
  # Administrators and SYSTEM only, by their SIDs (their names differ on localized Windows).
  $acl = if ($folder) { New-Object System.Security.AccessControl.DirectorySecurity } else { New-Object System.Security.AccessControl.FileSecurity }
  $acl.SetAccessRuleProtection($true, $false)
  $acl.SetOwner((New-Object System.Security.Principal.SecurityIdentifier('S-1-5-32-544')))
  foreach ($sid in @('S-1-5-32-544', 'S-1-5-18')) {
    $who = New-Object System.Security.Principal.SecurityIdentifier($sid)
    $inherit = if ($folder) { 'ContainerInherit, ObjectInherit' } else { 'None' }
    $acl.AddAccessRule((New-Object System.Security.AccessControl.FileSystemAccessRule($who, 'FullControl', $inherit, 'None', 'Allow')))
  }
  return $acl
}

function Protect-VccFile([string] $path) {
  # Created new (never an existing file someone planted), protected before anything is written.
  $folder = Split-Path -Parent $path
  if (-not (Test-Path -LiteralPath $folder -PathType Container)) {
    $null = New-Item -ItemType Directory -Path $folder
    Set-Acl -LiteralPath $folder -AclObject (Get-VccProtectedAcl $true)
  }
  $stream = [IO.File]::Open($path, [IO.FileMode]::CreateNew, [IO.FileAccess]::Write, [IO.FileShare]::None)
  $stream.Dispose()
  Set-Acl -LiteralPath $path -AclObject (Get-VccProtectedAcl $false)
}

function Save-VccPasswords {
  # Rewritten after every new password, so a run that stops half-way loses none.
  $script:VccNewPasswords | ConvertTo-Json | Set-Content -LiteralPath $PasswordFile -Encoding utf8NoBOM
}

function New-VccPassword([string] $account) {
  # 24 characters from a cryptographic generator; kept for the SP in the password file, never printed.
  $alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%&()-_=+'
  $chars = for ($i = 0; $i -lt 24; $i++) { $alphabet[[Security.Cryptography.RandomNumberGenerator]::GetInt32($alphabet.Length)] }
  $password = -join $chars
  $script:VccNewPasswords[$account] = $password
  Save-VccPasswords
  return $password
}

function Get-VccPfxThumbprint([string] $file, [string] $passwordEnv) {
  $password = [Environment]::GetEnvironmentVariable($passwordEnv)
  if ([string]::IsNullOrEmpty($password)) { throw "vcc-iac: the certificate's password comes from the environment variable $passwordEnv, which is not set on this server" }
  $path = Join-Path $CertificateDirectory $file
  if (-not (Test-Path -LiteralPath $path -PathType Leaf)) { throw "vcc-iac: the certificate file $file is not in $CertificateDirectory (-CertificateDirectory)" }
  $certificate = [Security.Cryptography.X509Certificates.X509Certificate2]::new($path, $password)
  return $certificate.Thumbprint
}

function Import-VccPfx([string] $file, [string] $passwordEnv) {
  $secure = ConvertTo-SecureString -String ([Environment]::GetEnvironmentVariable($passwordEnv)) -AsPlainText -Force
  $null = Import-PfxCertificate -FilePath (Join-Path $CertificateDirectory $file) -CertStoreLocation Cert:\\LocalMachine\\My -Password $secure
}`;

function conditionExpr(c: NonNullable<VeeamChange["when"]>): string {
  if (c.kind === "certificate-differs") {
    return `($script:VccCertificateThumbprint = Get-VccPfxThumbprint ${psString(c.pfxFile)} ${psString(c.passwordEnv)}) -ne (@(Get-VBRCloudGatewayCertificate) | Select-Object -First 1).Thumbprint`;
  }
  return `${renderArg(c.account)}.Description -ne (${psString(`${c.description} fp=`)} + (Get-VccFingerprint @(${c.keys.map(psString).join(", ")})))`;
}

function changeTitle(c: VeeamChange): string {
  return `${c.action} ${c.kind} ${c.name}`;
}

/** The apply script of one plan: checks the state, then makes each change in order. */
export function applyScript(plan: VeeamPlan, serviceProvider: string, generatedBy: string): string {
  // A guard for library callers: the CLI never gets here with pending values.
  if (plan.pending.length > 0) throw new Error(`an apply script needs every value Terraform makes; pending: ${plan.pending.join("; ")}`);
  const steps = plan.changes.filter((c) => c.action === "add" || c.action === "change" || c.action === "remove" || c.action === "ensure");
  const body = steps
    .map((c, i) => {
      const head = `Write-Host ${psString(`[${i + 1}/${steps.length}] ${changeTitle(c)}`)}`;
      const calls = c.calls.map((x) => renderStatement(x, c.when ? "  " : "")).join("\n");
      if (c.kind === "TLS certificate" && c.when?.kind === "certificate-differs") {
        return `${head}\nif (${conditionExpr(c.when)}) {\n  Import-VccPfx ${psString(c.when.pfxFile)} ${psString(c.when.passwordEnv)}\n${calls}\n} else { Write-Host '  unchanged' }`;
      }
      if (c.when) return `${head}\nif (${conditionExpr(c.when)}) {\n${calls}\n} else { Write-Host '  unchanged' }`;
      return `${head}\n${calls}`;
    })
    .join("\n\n");
  const sources = plan.secrets.map((s) => secretSource(s.key, s.ref)).join("\n");
  return `#Requires -Version 7.2
<#
.SYNOPSIS
Makes the reviewed vcc-iac plan for backup server ${commentText(plan.backupServer)} (service provider ${commentText(serviceProvider)}): ${steps.length} step(s).
.DESCRIPTION
${commentText(generatedBy)}. Planned against the state read on ${commentText(plan.computer)} (SHA-256 ${commentText(plan.fingerprint)});
it refuses to run if this server's configuration changed since then: read it again and make a new plan.
Secrets come from this server's Terraform outputs (-TerraformOutputs, the files of 'terraform output
-json') or its environment, never from this script. New tenants' passwords go to -PasswordFile,
readable by Administrators and SYSTEM only: hand each to its tenant once, then delete the file.
#>
[CmdletBinding()]
param(
  [string[]] $TerraformOutputs = @(),
  [string] $PasswordFile = (Join-Path $env:ProgramData ('vcc-iac\\passwords-' + ${psString(plan.backupServer)} + '-' + (Get-Date -Format 'yyyyMMddHHmmss') + '-' + [Guid]::NewGuid().ToString('N').Substring(0, 8) + '.json')),
  [string] $WindowsCredentials = 'vcc-iac-windows',
  [string] $LinuxCredentials = 'vcc-iac-linux',
  [string] $CertificateDirectory = $PSScriptRoot
)
$ErrorActionPreference = 'Stop'
Import-Module Veeam.Backup.PowerShell -ErrorAction Stop

${HELPERS}

${readFunction()}

${APPLY_HELPERS}

$VccExpected = ${psString(plan.fingerprint)}
if ((Get-VccSha256 (Read-VccState)) -ne $VccExpected) {
  throw 'vcc-iac: this backup server''s configuration changed since the plan was made; run the read script again and make a new plan'
}

$VccOutputs = @{}
foreach ($file in $TerraformOutputs) {
  $outputs = Get-Content -Raw -LiteralPath $file | ConvertFrom-Json -AsHashtable
  foreach ($name in $outputs.Keys) { $VccOutputs[$name] = $outputs[$name] }
}
$VccSecretSources = @{
${sources}
}
$script:VccSecretCache = @{}
$script:VccNewPasswords = [ordered]@{}
${plan.passwords.length > 0 ? "# New accounts' passwords: the file is made (protected) before any is created.\nProtect-VccFile $PasswordFile" : ""}
$VccWorkFolder = Join-Path ([IO.Path]::GetTempPath()) ('vcc-iac-' + [Guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory -Path $VccWorkFolder
Set-Acl -LiteralPath $VccWorkFolder -AclObject (Get-VccProtectedAcl $true)

try {
${indent(body || "Write-Host 'Nothing to do.'", "  ")}
}
finally {
  Remove-Item -LiteralPath $VccWorkFolder -Recurse -Force -ErrorAction SilentlyContinue
  if ($script:VccNewPasswords.Count -gt 0) {
    Write-Host "New accounts' passwords: $PasswordFile (Administrators and SYSTEM only; hand each to its tenant, then delete the file)"
  }
}
`;
}

function indent(text: string, by: string): string {
  return text
    .split("\n")
    .map((l) => (l === "" ? l : by + l))
    .join("\n");
}
