/**
 * Calls of Veeam's PowerShell cmdlets as data: what an apply script runs, in order. Rendered to
 * PowerShell by powershell.ts; executed by the tests' fake Veeam, which checks every call against
 * the v13 reference (test/fixtures/veeam). Nothing here holds a secret: secrets and generated
 * passwords are references resolved on the backup server.
 */

/** An argument of a parameter. */
export type Arg =
  /** A string literal. */
  | { readonly kind: "text"; readonly value: string }
  | { readonly kind: "number"; readonly value: number }
  /** A switch parameter (`-EnableThrottling`). */
  | { readonly kind: "switch" }
  /** A Boolean given as `-Param:$true` (`-Confirm:$false`). */
  | { readonly kind: "bool"; readonly value: boolean }
  /** A value of one of Veeam's enumerations (validated against the reference). */
  | { readonly kind: "enum"; readonly value: string }
  /** A calendar date (yyyy-MM-dd), passed as the last second of that day, culture-independent. */
  | { readonly kind: "date"; readonly value: string }
  /** A variable an earlier call assigned, or a parameter of the apply script. */
  | { readonly kind: "var"; readonly name: string }
  /** The result of a Get- call, optionally a member of it, optionally filtered on a property. */
  | { readonly kind: "lookup"; readonly call: Call; readonly member?: string; readonly where?: Filter; readonly first?: boolean }
  /** An array; an item that is itself an array is spliced in (one flat array). */
  | { readonly kind: "list"; readonly items: readonly Arg[] }
  /** A secret from the apply script's secrets (Terraform outputs or environment), by its key. */
  | { readonly kind: "secret"; readonly key: string }
  /** A secret as a SecureString. */
  | { readonly kind: "secure-secret"; readonly key: string }
  /** A secret written to a file readable by Administrators only, passed as its path (-JSONKey). */
  | { readonly kind: "secret-file"; readonly key: string }
  /** A password generated on the backup server for a new (sub)tenant, kept for the SP once. */
  | { readonly kind: "password"; readonly account: string }
  /** A description with the fingerprint of the secrets it is for (`... fp=<hex>`): rotation shows as a new fingerprint. */
  | { readonly kind: "fingerprinted"; readonly text: string; readonly keys: readonly string[] };

/** A filter on objects: a property path equal to a value (or a variable's), like a pattern, or not among values. */
export type Filter =
  | { readonly property: string; readonly eq: string }
  | { readonly property: string; readonly eqVar: string }
  /** Equal to the Id of what a lookup returns (a WAN accelerator's HostId and its server). */
  | { readonly property: string; readonly eqIdOf: Arg }
  | { readonly property: string; readonly like: string }
  | { readonly property: string; readonly notIn: readonly string[] };

export interface Call {
  readonly cmdlet: string;
  /** Parameters in order: name (without the dash) and argument. */
  readonly params: ReadonlyArray<readonly [string, Arg]>;
  /** The variable the result goes to. */
  readonly assign?: string;
  /** Run only when this variable is still empty (`if (-not $f) { $f = New-... }`). */
  readonly unlessSet?: string;
}

export const text = (value: string): Arg => ({ kind: "text", value });
export const num = (value: number): Arg => ({ kind: "number", value });
export const on: Arg = { kind: "switch" };
export const enumArg = (value: string): Arg => ({ kind: "enum", value });
export const v = (name: string): Arg => ({ kind: "var", name });
export const list = (items: readonly Arg[]): Arg => ({ kind: "list", items });
export const noConfirm: readonly [string, Arg] = ["Confirm", { kind: "bool", value: false }];

export function call(cmdlet: string, params: ReadonlyArray<readonly [string, Arg] | false | undefined>, options: { assign?: string; unlessSet?: string } = {}): Call {
  return { cmdlet, params: params.filter((p): p is readonly [string, Arg] => Array.isArray(p)), ...options };
}

export function lookup(cmdlet: string, params: ReadonlyArray<readonly [string, Arg] | false | undefined> = [], options: { member?: string; where?: Filter; first?: boolean } = {}): Arg {
  return { kind: "lookup", call: call(cmdlet, params), ...options };
}

// The lookups of Veeam's objects by what vcc-iac knows of them.

export const serverNamed = (name: string) => lookup("Get-VBRServer", [["Name", text(name)]]);
export const gatewayOn = (server: string) => lookup("Get-VBRCloudGateway", [], { where: { property: "Host.Name", eq: server } });
export const poolNamed = (name: string) => lookup("Get-VBRCloudGatewayPool", [["Name", text(name)]]);
/** A WAN accelerator by its server (CwanAccelerator.HostId), not by a name no page ties to the server's. */
export const wanOn = (server: string) => lookup("Get-VBRWANAccelerator", [], { where: { property: "HostId", eqIdOf: serverNamed(server) } });
export const repositoryNamed = (name: string) => lookup("Get-VBRObjectStorageRepository", [["Name", text(name)]]);
export const planNamed = (name: string) => lookup("Get-VBRCloudHardwarePlan", [["Name", text(name)]]);
export const tenantNamed = (name: string) => lookup("Get-VBRCloudTenant", [["Name", text(name)]]);
export const tenantResource = (tenant: string, friendlyName: string) =>
  lookup("Get-VBRCloudTenant", [["Name", text(tenant)]], { member: "Resources", where: { property: "RepositoryFriendlyName", eq: friendlyName } });
export const subtenantNamed = (tenant: string, name: string) => lookup("Get-VBRCloudSubTenant", [["Tenant", tenantNamed(tenant)]], { where: { property: "Name", eq: name } });
export const publicIp = (address: string) => lookup("Get-VBRCloudPublicIP", [], { where: { property: "IpAddress", eq: address } });

/** The Get- cmdlet of each kind of credentials record. */
export const ACCOUNT_GETTER: Readonly<Record<"amazon" | "azure" | "google" | "google-compute", string>> = {
  amazon: "Get-VBRAmazonAccount",
  azure: "Get-VBRAzureBlobAccount",
  google: "Get-VBRGoogleCloudAccount",
  "google-compute": "Get-VBRGoogleCloudComputeAccount",
};

/** A credentials record vcc-iac made, by the description it gave it (`<description> fp=...`). */
export const accountDescribed = (kind: keyof typeof ACCOUNT_GETTER, description: string) => lookup(ACCOUNT_GETTER[kind], [], { where: { property: "Description", like: `${description} fp=*` } });
