/**
 * The plan for one backup server: the desired configuration (desired.ts) compared with what the
 * read script found (state.ts), as changes in Veeam's terms, each with the cmdlet calls that make
 * it, in Veeam's order (veeam-mapping.md: managed servers, certificate, gateways, pools, WAN
 * accelerators, credentials, repositories, public IPs, hardware plans, tenants, subtenants;
 * removals the other way round). Objects the file does not name are reported and never touched,
 * unless the user asks to prune; a removal of a tenant, quota or repository is DANGER.
 */
import {
  ACCOUNT_GETTER,
  Arg,
  Call,
  accountDescribed,
  call,
  enumArg,
  gatewayOn,
  list,
  lookup,
  noConfirm,
  num,
  on,
  planNamed,
  poolNamed,
  publicIp,
  repositoryNamed,
  serverNamed,
  subtenantNamed,
  tenantNamed,
  tenantResource,
  text,
  v,
  wanOn,
} from "./calls";
import { HELPER_REDIRECTOR_PORT } from "../domain/ports";
import { CredentialsSpec, MARK, ObjectKind, RepositorySpec, SecretRef, TenantSpec, VeeamServerConfig } from "./config";
import { TenantState, VeeamState } from "./state";
import { LEASE, THROTTLING_UNIT, WAN_CACHE, memoryGbFromMb, memoryMbFromGb, quotaGbFromMb, throttlingUnitOf } from "./units";

export type ChangeAction = "add" | "change" | "remove" | "ensure" | "unmanaged" | "blocked";

/** A condition checked on the backup server when the apply script runs (the plan cannot see secrets). */
export type Condition =
  | { readonly kind: "credentials-rotated"; readonly account: Arg; readonly keys: readonly string[]; readonly description: string }
  | { readonly kind: "certificate-differs"; readonly pfxFile: string; readonly passwordEnv: string };

export interface VeeamChange {
  readonly action: ChangeAction;
  readonly kind: ObjectKind;
  /** The object's name, for people. */
  readonly name: string;
  /** What differs: before and after, in the format's units. */
  readonly details: ReadonlyArray<{ readonly what: string; readonly from: string; readonly to: string }>;
  readonly dangerous: boolean;
  readonly note?: string;
  /** The cmdlet calls that make the change (none for unmanaged and blocked objects). */
  readonly calls: readonly Call[];
  /** An ensure's condition, checked on the server at apply time. */
  readonly when?: Condition;
  /** Veeam's order: lower first; removals run after every addition, highest first. */
  readonly step: number;
}

export interface VeeamPlan {
  readonly format: "vcc-iac-veeam-plan/v1";
  readonly backupServer: string;
  /** The Windows computer the state was read on. */
  readonly computer: string;
  /** SHA-256 of the state file: the apply script refuses to run when the server's state differs. */
  readonly fingerprint: string;
  readonly prune: boolean;
  readonly changes: readonly VeeamChange[];
  /** The secrets the apply script needs on the server, by key. */
  readonly secrets: ReadonlyArray<{ readonly key: string; readonly ref: SecretRef }>;
  /** Accounts that get a generated password (new tenants and subtenants). */
  readonly passwords: readonly string[];
  /** What only `terraform apply` can tell (new hosts' addresses): while any is, there is no apply script. */
  readonly pending: readonly string[];
}

const STEP = { server: 1, certificate: 2, gateway: 3, pool: 4, wan: 5, credentials: 6, repository: 7, publicIp: 8, plan: 9, tenant: 10, subtenant: 11 } as const;

type Detail = { what: string; from: string; to: string };
const shown = (x: unknown): string => (x === null || x === undefined || x === "" ? "(none)" : Array.isArray(x) ? (x.length === 0 ? "(none)" : x.join(", ")) : String(x));
const differs = (details: Detail[], what: string, from: unknown, to: unknown) => {
  if (JSON.stringify(from ?? null) !== JSON.stringify(to ?? null)) details.push({ what, from: shown(from), to: shown(to) });
};
const sameSet = (a: readonly unknown[], b: readonly unknown[]) => JSON.stringify([...a].map(String).sort()) === JSON.stringify([...b].map(String).sort());
const ours = (description: string | null | undefined, prefix: string) => typeof description === "string" && description.startsWith(prefix);

/** The key of a secret in the apply script: `<credentials key>.<secret name>`. */
export const secretKey = (credentials: string, name: string) => `${credentials}.${name}`;

export interface PlanOptions {
  /** Remove what the file does not name (DANGER; the CLI demands a confirmation flag). */
  readonly prune: boolean;
  readonly fingerprint: string;
  /** `vcc-iac:<sp>/<server> `: the prefix of every description vcc-iac sets on this server. */
  readonly marker: string;
  /**
   * Values Terraform has not made yet, shown `(known after apply: …)` in `desired`: the plan is for
   * review only and `applyScript` refuses it.
   * @default none: every address is known
   */
  readonly pending?: readonly string[];
}

/** Compares and orders. Addresses are known, or listed in `options.pending` (a plan for review only). */
export function planServer(desired: VeeamServerConfig, state: VeeamState, options: PlanOptions): VeeamPlan {
  const out: VeeamChange[] = [];
  const secrets: Array<{ key: string; ref: SecretRef }> = [];
  const passwords: string[] = [];
  const push = (c: Omit<VeeamChange, "dangerous" | "calls" | "details"> & Partial<Pick<VeeamChange, "dangerous" | "calls" | "details">>) =>
    out.push({ dangerous: false, calls: [], details: [], ...c });
  const marker = options.marker;
  const removal = (kind: ObjectKind, name: string, step: number, calls: Call[], dangerous: boolean, note: string) => {
    if (options.prune) push({ action: "remove", kind, name, step, calls, dangerous, note });
    else push({ action: "unmanaged", kind, name, step, note: `in Veeam, not in the file: left alone (${note}; --prune would remove it)`, dangerous: false });
  };

  // 1. Managed servers.
  const managedByName = new Map(state.managedServers.map((m) => [m.name, m]));
  const wantedServers = new Set(desired.managedServers.map((m) => m.name as string));
  for (const m of desired.managedServers) {
    const name = m.name as string;
    const have = managedByName.get(name);
    if (!have) {
      const creds = lookup("Get-VBRCredentials", [["Name", v(m.os === "windows" ? "WindowsCredentials" : "LinuxCredentials")]]);
      push({
        action: "add",
        kind: "managed server",
        name: `${name} (${m.host})`,
        step: STEP.server,
        calls: [call(m.os === "windows" ? "Add-VBRWinServer" : "Add-VBRLinux", [["Name", text(name)], ["Credentials", creds], ["Description", text(m.description)]])],
      });
    }
  }
  for (const m of state.managedServers) {
    if (wantedServers.has(m.name) || !ours(m.description, marker)) continue;
    removal("managed server", m.name, STEP.server, [call("Remove-VBRServer", [["Server", serverNamed(m.name)], noConfirm])], false, "a host vcc-iac added earlier");
  }

  // 2. The TLS certificate: its thumbprint is compared on the server, where the PFX is.
  if (desired.certificate) {
    push({
      action: "ensure",
      kind: "TLS certificate",
      name: desired.certificate.pfxFile,
      step: STEP.certificate,
      note: `applied on the server when the certificate in use is not the one in ${desired.certificate.pfxFile}`,
      when: { kind: "certificate-differs", pfxFile: desired.certificate.pfxFile, passwordEnv: desired.certificate.passwordEnv },
      calls: [
        call("Add-VBRCloudGatewayCertificate", [["Certificate", lookup("Get-VBRCloudGatewayCertificate", [["FromStore", on]], { where: { property: "Thumbprint", eqVar: "VccCertificateThumbprint" } })], noConfirm]),
      ],
    });
  }

  // 3. Cloud gateways, by their managed server.
  const gatewayByHost = new Map(state.gateways.filter((g) => g.host !== null).map((g) => [g.host as string, g]));
  const hostOfGateway = new Map(desired.gateways.map((g) => [g.gateway, g.server as string]));
  for (const g of desired.gateways) {
    const server = g.server as string;
    const have = gatewayByHost.get(server);
    // -NATPort: "Default: (for Direct) null": a Direct gateway gets none.
    const nat = g.networkMode === "NAT";
    const settings: Array<[string, Arg]> = [
      ["NetworkMode", enumArg(g.networkMode)],
      ["IpAddress", text(g.ipAddress as string)],
      ...(nat ? [["NATPort", num(g.natPort)] as [string, Arg]] : []),
      ["IncomingPort", num(g.incomingPort)],
      ["Description", text(g.description)],
    ];
    if (!have) {
      push({ action: "add", kind: "cloud gateway", name: `${g.gateway} (${g.dnsName})`, step: STEP.gateway, calls: [call("Add-VBRCloudGateway", [["Server", serverNamed(server)], ...settings])] });
      continue;
    }
    const details: Detail[] = [];
    differs(details, "network mode", have.networkMode, g.networkMode);
    differs(details, "public address", have.ipAddress, g.ipAddress);
    if (nat) differs(details, "external (NAT) port", have.natPort, g.natPort);
    differs(details, "internal (incoming) port", have.incomingPort, g.incomingPort);
    differs(details, "description", have.description, g.description);
    if (details.length > 0) push({ action: "change", kind: "cloud gateway", name: `${g.gateway} (${g.dnsName})`, step: STEP.gateway, details, calls: [call("Set-VBRCloudGateway", [["CloudGateway", gatewayOn(server)], ...settings])] });
  }
  const wantedGatewayHosts = new Set(hostOfGateway.values());
  for (const g of state.gateways) {
    if (g.host !== null && wantedGatewayHosts.has(g.host)) continue;
    if (!ours(g.description, marker)) {
      push({ action: "unmanaged", kind: "cloud gateway", name: g.name, step: STEP.gateway, note: "in Veeam, not in the file, and not vcc-iac's: left alone" });
      continue;
    }
    removal("cloud gateway", g.name, STEP.gateway, [call("Remove-VBRCloudGateway", [["CloudGateway", gatewayOn(g.host as string)], noConfirm])], false, "tenants using only this gateway lose their connection");
  }

  // 4. Gateway pools.
  const poolByName = new Map(state.gatewayPools.map((p) => [p.name, p]));
  const gatewayNameByHost = new Map(state.gateways.map((g) => [g.host ?? "", g.name]));
  for (const p of desired.gatewayPools) {
    const members = list(p.gateways.map((g) => gatewayOn(hostOfGateway.get(g) as string)));
    const have = poolByName.get(p.name);
    if (!have) {
      push({ action: "add", kind: "gateway pool", name: p.name, step: STEP.pool, calls: [call("Add-VBRCloudGatewayPool", [["Name", text(p.name)], ["CloudGateway", members], ["Description", text(p.description)]])] });
      continue;
    }
    const details: Detail[] = [];
    const wantedMembers = p.gateways.map((g) => gatewayNameByHost.get(hostOfGateway.get(g) ?? "") ?? g);
    if (!sameSet(have.gateways, wantedMembers)) details.push({ what: "gateways", from: shown([...have.gateways].sort()), to: shown(p.gateways) });
    differs(details, "description", have.description, p.description);
    if (details.length > 0) push({ action: "change", kind: "gateway pool", name: p.name, step: STEP.pool, details, calls: [call("Set-VBRCloudGatewayPool", [["CloudGatewayPool", poolNamed(p.name)], ["CloudGateway", members], ["Description", text(p.description)]])] });
  }
  for (const p of state.gatewayPools) {
    if (desired.gatewayPools.some((d) => d.name === p.name)) continue;
    if (!ours(p.description, marker)) {
      push({ action: "unmanaged", kind: "gateway pool", name: p.name, step: STEP.pool, note: "in Veeam, not in the file, and not vcc-iac's: left alone" });
      continue;
    }
    removal("gateway pool", p.name, STEP.pool, [call("Remove-VBRCloudGatewayPool", [["CloudGatewayPool", poolNamed(p.name)], noConfirm])], true, "tenants that use only this pool lose their gateways");
  }

  // 5. WAN accelerators, by their server (CwanAccelerator.HostId); the cache size is set when one
  // is added (there is no Set- cmdlet, and no property reads it back).
  const serverNameById = new Map(state.managedServers.map((m) => [m.id, m.name]));
  const wanServer = (w: { hostId: string | null }) => (w.hostId === null ? undefined : serverNameById.get(w.hostId));
  const wanOnServer = new Set(state.wanAccelerators.map(wanServer).filter((x): x is string => x !== undefined));
  for (const w of desired.wanAccelerators) {
    const server = w.server as string;
    if (wanOnServer.has(server)) continue;
    if (w.cacheSizeGb > WAN_CACHE.max) {
      push({ action: "blocked", kind: "WAN accelerator", name: w.name, step: STEP.wan, note: `a cache of ${w.cacheSizeGb} GB per source accelerator is more than Add-VBRWANAccelerator's ${WAN_CACHE.max}; lower cacheGb` });
      continue;
    }
    push({
      action: "add",
      kind: "WAN accelerator",
      name: w.name,
      step: STEP.wan,
      calls: [call("Add-VBRWANAccelerator", [["Server", serverNamed(server)], ["CacheSize", num(w.cacheSizeGb)], ["CacheSizeUnit", enumArg(WAN_CACHE.unit)], ["Description", text(w.description)]])],
      note: `global cache ${w.cacheSizeGb} GB per source WAN accelerator`,
    });
  }
  const wantedWan = new Set(desired.wanAccelerators.map((w) => w.server as string));
  for (const w of state.wanAccelerators) {
    const host = wanServer(w);
    if ((host !== undefined && wantedWan.has(host)) || !ours(w.description, marker) || host === undefined) continue;
    removal("WAN accelerator", w.name, STEP.wan, [call("Remove-VBRWANAccelerator", [["Accelerator", wanOn(host)]])], false, "quotas that use it lose WAN acceleration");
  }

  // 6. Credentials records: added when missing; their keys compared on the server (rotation).
  const accounts = { amazon: state.amazonAccounts, azure: state.azureAccounts, google: state.googleAccounts, "google-compute": state.googleComputeAccounts } as const;
  for (const c of desired.credentials) {
    const keys = Object.keys(c.secrets).map((name) => secretKey(c.key, name));
    for (const [name, ref] of Object.entries(c.secrets)) secrets.push({ key: secretKey(c.key, name), ref });
    const exists = accounts[c.kind].some((a) => ours(a.description, `${c.description} fp=`));
    if (!exists) {
      push({ action: "add", kind: "credentials record", name: c.key, step: STEP.credentials, note: "keys from the server's Terraform outputs", calls: [addAccount(c, keys)] });
      continue;
    }
    push({
      action: "ensure",
      kind: "credentials record",
      name: c.key,
      step: STEP.credentials,
      note: "its key is compared on the server; a rotated key is set in the same apply",
      when: { kind: "credentials-rotated", account: accountDescribed(c.kind, c.description), keys, description: c.description },
      calls: [setAccount(c, keys)],
    });
  }
  for (const [kind, list_] of Object.entries(accounts) as Array<[keyof typeof accounts, readonly { description: string | null; id: string | null }[]]>) {
    for (const a of list_) {
      if (!ours(a.description, marker) || desired.credentials.some((c) => ours(a.description, `${c.description} fp=`))) continue;
      const description = (a.description as string).replace(/ fp=.*$/, "");
      // Remove-VBRAmazonAccount, -AzureBlobAccount and -GoogleCloudAccount confirm by default; the Compute one has no -Confirm.
      const confirm = kind === "google-compute" ? [] : [noConfirm];
      removal("credentials record", description.slice(marker.length), STEP.credentials, [call(`Remove-VBR${ACCOUNT_GETTER[kind].slice("Get-VBR".length)}`, [["Account", accountDescribed(kind, description)], ...confirm])], false, "a credentials record vcc-iac added earlier");
    }
  }

  // 7. Object storage repositories.
  const repoByName = new Map(state.repositories.map((r) => [r.name, r]));
  const credentialsOf = new Map(desired.credentials.map((c) => [c.key, c]));
  for (const r of desired.repositories) {
    const have = repoByName.get(r.name);
    if (!have) {
      push({ action: "add", kind: "object storage repository", name: r.name, step: STEP.repository, calls: addRepository(r, credentialsOf.get(r.credentials) as CredentialsSpec) });
      continue;
    }
    const details: Detail[] = [];
    const fixed: Detail[] = [];
    differs(fixed, "bucket or container", have.bucket, r.bucket);
    differs(fixed, "folder", have.folder, r.folder);
    if (r.servicePoint) differs(fixed, "service point", have.servicePoint, r.servicePoint);
    differs(fixed, "immutability", have.immutabilityEnabled ? "on" : "off", r.immutabilityDays !== null ? "on" : "off");
    if (fixed.length > 0) {
      push({
        action: "blocked",
        kind: "object storage repository",
        name: r.name,
        step: STEP.repository,
        details: fixed,
        dangerous: true,
        note: "Veeam cannot change this in place: the repository would have to be removed and added again, and its tenants' backups moved; do it by hand after review",
      });
      continue;
    }
    differs(details, "connection", have.connectionType, r.connectionType);
    if (r.connectionType === "Gateway" && !sameSet(have.gatewayServers, r.gatewayServers as string[])) details.push({ what: "gateway servers", from: shown(have.gatewayServers), to: shown(r.gatewayServers.length > 0 ? r.gatewayServers : ["(the backup server)"]) });
    if (r.immutabilityDays !== null) differs(details, "immutability days", have.immutabilityDays, r.immutabilityDays);
    differs(details, "description", have.description, r.description);
    if (details.length > 0) push({ action: "change", kind: "object storage repository", name: r.name, step: STEP.repository, details, calls: [setRepository(r)] });
    if (r.securityOptions) {
      const so = state.securityOptions.find((x) => x.repository === r.name);
      const sec: Detail[] = [];
      differs(sec, "access permissions", so?.accessControlPolicy, r.securityOptions.accessControlPolicy);
      if (r.securityOptions.iamEndpoint) differs(sec, "IAM endpoint", so?.iamEndpoint, r.securityOptions.iamEndpoint);
      if (r.securityOptions.stsEndpoint) differs(sec, "STS endpoint", so?.stsEndpoint, r.securityOptions.stsEndpoint);
      if (sec.length > 0) push({ action: "change", kind: "object storage repository", name: `${r.name} (security options)`, step: STEP.repository, details: sec, calls: [securityOptions(r, repositoryNamed(r.name))] });
    }
  }
  for (const r of state.repositories) {
    if (desired.repositories.some((d) => d.name === r.name)) continue;
    if (!ours(r.description, marker)) {
      push({ action: "unmanaged", kind: "object storage repository", name: r.name, step: STEP.repository, note: "in Veeam, not in the file, and not vcc-iac's: left alone" });
      continue;
    }
    removal("object storage repository", r.name, STEP.repository, [call("Remove-VBRObjectStorageRepository", [["Repository", repositoryNamed(r.name)], noConfirm])], true, "tenants' quotas on it and their backups lose their repository");
  }

  // 8. Public IP addresses for full failover.
  const haveIps = new Map(state.publicIps.map((p) => [p.ipAddress, p]));
  const missingIps = desired.publicIps.filter((a) => !haveIps.has(a));
  for (const [first, last] of runs(missingIps)) {
    push({ action: "add", kind: "public IP address", name: first === last ? first : `${first} - ${last}`, step: STEP.publicIp, calls: [call("Add-VBRCloudPublicIP", [["FirstIpAddress", text(first)], ["LastIpAddress", text(last)]])] });
  }
  const wantedIps = new Set(desired.publicIps);
  for (const p of state.publicIps) {
    if (wantedIps.has(p.ipAddress)) continue;
    removal("public IP address", p.ipAddress, STEP.publicIp, [call("Remove-VBRCloudPublicIP", [["CloudIp", publicIp(p.ipAddress)], noConfirm])], p.tenantId !== null, p.tenantId !== null ? "assigned to a tenant's replica" : "not assigned");
  }

  // 9. Hardware plans: their host must be a server the backup server already manages.
  const planByName = new Map(state.hardwarePlans.map((p) => [p.name, p]));
  /** Plans that cannot be made: the tenants that need them wait. */
  const blockedPlans = new Set<string>();
  for (const p of desired.hardwarePlans) {
    if (!managedByName.has(p.host)) {
      push({
        action: "blocked",
        kind: "hardware plan",
        name: p.name,
        step: STEP.plan,
        dangerous: false,
        note: `its host '${p.host}' is not a server this backup server manages: add the ESXi or Hyper-V host in Veeam first (vcc-iac does not add hypervisors, and looks hosts up with Get-VBRServer, which lists no VMware cluster)`,
      });
      if (!planByName.has(p.name)) blockedPlans.add(p.name);
      continue;
    }
    const have = planByName.get(p.name);
    const vi = p.platform === "VMware";
    const datastores = p.datastores.map((d, i) =>
      vi
        ? call("New-VBRViCloudHWPlanDatastore", [["Datastore", lookup("Find-VBRViDatastore", [["Server", serverNamed(p.host)], ["Name", text(d.datastore)]])], ["FriendlyName", text(d.friendlyName)], ["Quota", num(d.quotaGb)]], { assign: `ds${i}` })
        : call("New-VBRHvCloudHWPlanDatastore", [["DatastorePath", text(d.datastore)], ["FriendlyName", text(d.friendlyName)], ["Quota", num(d.quotaGb)]], { assign: `ds${i}` }),
    );
    const limits = (memory: (gb: number) => number): Array<[string, Arg]> => [
      p.cpuMhz === null ? ["UnlimitedCPU", on] : ["CPU", num(p.cpuMhz)],
      p.memoryGb === null ? ["UnlimitedMemory", on] : ["Memory", num(memory(p.memoryGb))],
      ["NumberOfNetWithInternet", num(p.networksWithInternet)],
      ["NumberOfNetWithoutInternet", num(p.networksWithoutInternet)],
      ["Description", text(p.description)],
    ];
    const dsList = list(p.datastores.map((_, i) => v(`ds${i}`)));
    if (!have) {
      push({
        action: "add",
        kind: "hardware plan",
        name: p.name,
        step: STEP.plan,
        // The Add pages take memory in GB (units.ts).
        calls: [...datastores, call(vi ? "Add-VBRViCloudHardwarePlan" : "Add-VBRHvCloudHardwarePlan", [["Name", text(p.name)], ["Server", serverNamed(p.host)], ["Datastore", dsList], ...limits((gb) => gb)])],
      });
      continue;
    }
    const details: Detail[] = [];
    differs(details, "host", have.host, p.host);
    differs(details, "CPU (MHz)", have.cpuMhz === 0 ? null : have.cpuMhz, p.cpuMhz);
    differs(details, "memory (GB)", have.memoryMb === null || have.memoryMb === 0 ? null : memoryGbFromMb(have.memoryMb), p.memoryGb);
    differs(details, "networks with internet", have.networksWithInternet, p.networksWithInternet);
    differs(details, "networks without internet", have.networksWithoutInternet, p.networksWithoutInternet);
    const dsHave = have.datastores.map((d) => `${d.friendlyName}: ${d.datastore} ${d.quotaGb} GB`).sort();
    const dsWant = p.datastores.map((d) => `${d.friendlyName}: ${d.datastore} ${d.quotaGb} GB`).sort();
    if (!sameSet(dsHave, dsWant)) details.push({ what: "storage", from: shown(dsHave), to: shown(dsWant) });
    differs(details, "description", have.description, p.description);
    const shrunk = have.datastores.filter((d) => {
      const wanted = p.datastores.find((w) => w.friendlyName === d.friendlyName);
      return !wanted || (d.quotaGb !== null && wanted.quotaGb < d.quotaGb);
    });
    if (details.length > 0) {
      push({
        action: "change",
        kind: "hardware plan",
        name: p.name,
        step: STEP.plan,
        details,
        dangerous: shrunk.length > 0,
        ...(shrunk.length > 0 ? { note: `storage ${shrunk.map((d) => d.friendlyName).join(", ")} shrinks or goes: tenants' replicas there may not fit` } : {}),
        // The Set pages take memory in MB (units.ts).
        calls: [...datastores, call(vi ? "Set-VBRViCloudHardwarePlan" : "Set-VBRHvCloudHardwarePlan", [["HardwarePlan", planNamed(p.name)], ["Server", serverNamed(p.host)], ["Datastore", dsList], ...limits(memoryMbFromGb), ["Force", on]])],
      });
    }
  }
  for (const p of state.hardwarePlans) {
    if (desired.hardwarePlans.some((d) => d.name === p.name)) continue;
    if (!ours(p.description, marker)) {
      push({ action: "unmanaged", kind: "hardware plan", name: p.name, step: STEP.plan, note: "in Veeam, not in the file, and not vcc-iac's: left alone" });
      continue;
    }
    removal("hardware plan", p.name, STEP.plan, [call("Remove-VBRCloudHardwarePlan", [["HardwarePlan", planNamed(p.name)], noConfirm])], true, "tenants subscribed to it lose their replication resources");
  }

  // 10. Tenants.
  const tenantByName = new Map(state.tenants.map((t) => [t.name, t]));
  const waiting = new Set<string>();
  for (const t of desired.tenants) {
    const have = tenantByName.get(t.name);
    const needs = (t.replication?.hardwarePlans ?? []).map((h) => h.hardwarePlan).filter((p) => blockedPlans.has(p));
    if (needs.length > 0) {
      waiting.add(t.name);
      push({ action: "blocked", kind: "tenant", name: t.name, step: STEP.tenant, note: `waits for hardware plan ${needs.join(", ")}, which is blocked` });
      continue;
    }
    if (!have) {
      passwords.push(t.name);
      const unsettable = t.replication?.networkExtension?.ipAddress && !neaAddressSettable(t);
      push({
        action: "add",
        kind: "tenant",
        name: t.name,
        step: STEP.tenant,
        note: `its password is generated on the server and written to the password file${unsettable ? "; its appliance's address is not set: it has several hardware plans, so several appliances" : ""}`,
        calls: addTenant(t, desired),
      });
      continue;
    }
    const change = tenantChange(t, have, desired, serverNameById, options.prune, (tenant, friendlyName) => {
      const parent = state.tenants.find((x) => x.name === tenant);
      return state.subtenants.filter((s) => s.tenantId === parent?.id && s.resources.some((r) => r.friendlyName === friendlyName)).map((s) => s.name);
    });
    if (change) push({ ...change, step: STEP.tenant });
  }
  for (const t of state.tenants) {
    if (desired.tenants.some((d) => d.name === t.name)) continue;
    const renamedTo = desired.tenants.find((d) => !tenantByName.has(d.name) && sameBackup(d, t));
    removal(
      "tenant",
      t.name,
      STEP.tenant,
      [call("Remove-VBRCloudTenant", [["CloudTenant", tenantNamed(t.name)], noConfirm])],
      true,
      renamedTo
        ? `renamed to '${renamedTo.name}' in the file? A renamed tenant is a removal and an addition: its folder cannot be renamed on immutable storage`
        : "the tenant loses its access, quotas and replicas",
    );
  }

  // 11. Subtenants.
  const tenantNameById = new Map(state.tenants.map((t) => [t.id, t.name]));
  const subKey = (tenant: string, name: string) => `${tenant}\u0000${name}`;
  const subByKey = new Map(state.subtenants.map((s) => [subKey(tenantNameById.get(s.tenantId) ?? "", s.name), s]));
  const desiredSubtenants = desired.tenants.flatMap((t) => t.subtenants.map((sub) => ({ ...sub, tenant: t.name })));
  for (const s of desiredSubtenants) {
    if (waiting.has(s.tenant)) continue; // goes with its tenant, which waits
    const have = subByKey.get(subKey(s.tenant, s.name));
    const quota: Array<[string, Arg]> = s.quotaGb === null ? [["Unlimited", on]] : [["Quota", num(s.quotaGb)]];
    if (!have) {
      passwords.push(`${s.tenant}/${s.name}`);
      push({
        action: "add",
        kind: "subtenant",
        name: `${s.name} (of ${s.tenant})`,
        step: STEP.subtenant,
        note: "its password is generated on the server and written to the password file",
        calls: [
          call("New-VBRCloudSubTenantResource", [["Parent", tenantResource(s.tenant, s.friendlyName)], ["RepositoryFriendlyName", text(s.friendlyName)], ...quota], { assign: "subResource" }),
          call("Add-VBRCloudSubTenant", [["Tenant", tenantNamed(s.tenant)], ["Name", text(s.name)], ["Password", { kind: "password", account: `${s.tenant}/${s.name}` }], ["Resources", list([v("subResource")])]]),
        ],
      });
      continue;
    }
    const r = have.resources[0];
    const details: Detail[] = [];
    differs(details, "quota (GB)", r?.unlimited ? null : r?.quotaMb === null || r?.quotaMb === undefined ? null : quotaGbFromMb(r.quotaMb), s.quotaGb);
    if (details.length > 0) {
      push({
        action: "change",
        kind: "subtenant",
        name: `${s.name} (of ${s.tenant})`,
        step: STEP.subtenant,
        details,
        // Set-VBRCloudSubTenantResource returns the changed quota; Set-VBRCloudSubTenant applies it.
        calls: [
          call("Set-VBRCloudSubTenantResource", [["CloudSubTenantResource", lookup("Get-VBRCloudSubTenant", [["Tenant", tenantNamed(s.tenant)]], { where: { property: "Name", eq: s.name }, member: "Resources" })], ...quota], { assign: "subResource" }),
          call("Set-VBRCloudSubTenant", [["SubTenant", subtenantNamed(s.tenant, s.name)], ["Resources", list([v("subResource")])]]),
        ],
      });
    }
  }
  for (const s of state.subtenants) {
    const tenant = tenantNameById.get(s.tenantId) ?? "";
    if (desiredSubtenants.some((d) => d.tenant === tenant && d.name === s.name)) continue;
    if (!desired.tenants.some((t) => t.name === tenant)) continue; // goes with its tenant
    removal("subtenant", `${s.name} (of ${tenant})`, STEP.subtenant, [call("Remove-VBRCloudSubTenant", [["SubTenant", subtenantNamed(tenant, s.name)], noConfirm])], true, "the subtenant loses its access and quota");
  }

  return {
    format: "vcc-iac-veeam-plan/v1",
    backupServer: desired.name,
    computer: state.computer,
    fingerprint: options.fingerprint,
    prune: options.prune,
    changes: ordered(out),
    secrets: dedupe(secrets),
    passwords,
    pending: options.pending ?? [],
  };
}

/** Additions and changes in Veeam's order, then removals the other way round; stable within a step. */
function ordered(changes: readonly VeeamChange[]): VeeamChange[] {
  const removals = changes.filter((c) => c.action === "remove");
  const rest = changes.filter((c) => c.action !== "remove");
  return [...[...rest].sort((a, b) => a.step - b.step), ...[...removals].sort((a, b) => b.step - a.step)];
}

function dedupe<T extends { key: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(i.key) ? false : (seen.add(i.key), true)));
}

/** Contiguous runs of IPv4 addresses, as [first, last]. */
export function runs(addresses: readonly string[]): Array<[string, string]> {
  const n = (a: string) => a.split(".").reduce((x, o) => x * 256 + Number(o), 0);
  const sorted = [...addresses].sort((a, b) => n(a) - n(b));
  const out: Array<[string, string]> = [];
  for (const a of sorted) {
    const last = out[out.length - 1];
    if (last && n(a) === n(last[1]) + 1) last[1] = a;
    else out.push([a, a]);
  }
  return out;
}

function sameBackup(d: TenantSpec, t: TenantState): boolean {
  const a = d.quotas.map((b) => `${b.repository}:${b.quotaGb}`).sort();
  const b = t.resources.map((r) => `${r.repository}:${r.quotaMb === null ? "" : quotaGbFromMb(r.quotaMb)}`).sort();
  return a.length > 0 && JSON.stringify(a) === JSON.stringify(b);
}

// ---------------------------------------------------------------------------------------------
// Credentials records.

function addAccount(c: CredentialsSpec, keys: readonly string[]): Call {
  const description: Arg = { kind: "fingerprinted", text: c.description, keys };
  const secret = (name: string): Arg => ({ kind: "secret", key: secretKey(c.key, name) });
  switch (c.kind) {
    case "amazon":
      return call("Add-VBRAmazonAccount", [["AccessKey", secret("accessKey")], ["SecretKey", secret("secretKey")], ["Description", description]]);
    case "google":
      return call("Add-VBRGoogleCloudAccount", [["AccessKey", secret("accessKey")], ["SecretKey", secret("secretKey")], ["Description", description]]);
    case "azure":
      return call("Add-VBRAzureBlobAccount", [["Name", text(c.name as string)], ["SharedKey", secret("sharedKey")], ["Description", description]]);
    default:
      return call("Add-VBRGoogleCloudComputeAccount", [["Name", text(c.name as string)], ["JSONKey", { kind: "secret-file", key: secretKey(c.key, "jsonKey") }], ["Description", description]]);
  }
}

function setAccount(c: CredentialsSpec, keys: readonly string[]): Call {
  const description: Arg = { kind: "fingerprinted", text: c.description, keys };
  const secret = (name: string): Arg => ({ kind: "secret", key: secretKey(c.key, name) });
  const account = accountDescribed(c.kind, c.description);
  switch (c.kind) {
    case "amazon":
      return call("Set-VBRAmazonAccount", [["Account", account], ["AccessKey", secret("accessKey")], ["SecretKey", secret("secretKey")], ["Description", description]]);
    case "google":
      return call("Set-VBRGoogleCloudAccount", [["Account", account], ["AccessKey", secret("accessKey")], ["SecretKey", secret("secretKey")], ["Description", description]]);
    case "azure":
      return call("Set-VBRAzureBlobAccount", [["Account", account], ["SharedKey", secret("sharedKey")], ["Description", description]]);
    default:
      return call("Set-VBRGoogleCloudComputeAccount", [["Account", account], ["JSONKey", { kind: "secret-file", key: secretKey(c.key, "jsonKey") }], ["Description", description]]);
  }
}

// ---------------------------------------------------------------------------------------------
// Repositories: connect, find the bucket (container), find or create the folder, add.

/** The helper appliance's machine type: no Veeam page names one for Cloud Connect; vcc-iac's choice. */
export const HELPER_INSTANCE_TYPE = "e2-standard-2";

function addRepository(r: RepositorySpec, c: CredentialsSpec): Call[] {
  const account = accountDescribed(c.kind, c.description);
  const mode: Array<[string, Arg]> = [["ConnectionType", enumArg(r.connectionType)]];
  if (r.connectionType === "Gateway" && r.gatewayServers.length > 0) mode.push(["GatewayServer", list(r.gatewayServers.map((s) => serverNamed(s as string)))]);
  // "CapacityTier: Use this option to add object storage as a capacity extent or an object storage repository" (Connect-VBRAmazonS3Service).
  const service: [string, Arg] = ["ServiceType", enumArg("CapacityTier")];
  const immutability: Array<[string, Arg]> = r.immutabilityDays !== null ? [["EnableBackupImmutability", on], ["ImmutabilityMode", enumArg("RepositoryRetention")], ["ImmutabilityPeriod", num(r.immutabilityDays)]] : [];
  const common: Array<[string, Arg]> = [["Name", text(r.name)], ["Description", text(r.description)]];
  switch (r.type) {
    case "AmazonS3":
    case "AmazonS3Compatible": {
      const connect =
        r.type === "AmazonS3"
          ? call("Connect-VBRAmazonS3Service", [["Account", account], ["RegionType", enumArg("Global")], service, ...mode], { assign: "connection" })
          : call("Connect-VBRAmazonS3CompatibleService", [["Account", account], ["CustomRegionId", text(r.region ?? "us-east-1")], ["ServicePoint", text(r.servicePoint as string)], service, ...mode], { assign: "connection" });
      const calls = [
        connect,
        call("Get-VBRAmazonS3Bucket", [["Connection", v("connection")], ["Name", text(r.bucket)]], { assign: "bucket" }),
        call("Get-VBRAmazonS3Folder", [["Connection", v("connection")], ["Bucket", v("bucket")], ["Name", text(r.folder)]], { assign: "folder" }),
        call("New-VBRAmazonS3Folder", [["Connection", v("connection")], ["Bucket", v("bucket")], ["Name", text(r.folder)]], { assign: "folder", unlessSet: "folder" }),
        call(r.type === "AmazonS3" ? "Add-VBRAmazonS3Repository" : "Add-VBRAmazonS3CompatibleRepository", [["AmazonS3Folder", v("folder")], ["Connection", v("connection")], ...common, ...immutability], { assign: "repository" }),
      ];
      if (r.securityOptions) calls.push(securityOptions(r, v("repository")));
      return calls;
    }
    case "AzureBlob":
      return [
        call("Connect-VBRAzureBlobService", [["Account", account], ["RegionType", enumArg("Global")], service, ...mode], { assign: "connection" }),
        call("Get-VBRAzureBlobContainer", [["Connection", v("connection")], ["Name", text(r.bucket)]], { assign: "container" }),
        call("Get-VBRAzureBlobFolder", [["Container", v("container")], ["Connection", v("connection")], ["Name", text(r.folder)]], { assign: "folder" }),
        call("New-VBRAzureBlobFolder", [["Container", v("container")], ["Connection", v("connection")], ["Name", text(r.folder)]], { assign: "folder", unlessSet: "folder" }),
        call("Add-VBRAzureBlobRepository", [["Connection", v("connection")], ["AzureBlobFolder", v("folder")], ...common, ...immutability]),
      ];
    default: {
      const calls = [
        call("Connect-VBRGoogleCloudService", [["Account", account], service, ...mode], { assign: "connection" }),
        call("Get-VBRGoogleCloudBucket", [["Connection", v("connection")], ["Region", lookup("Get-VBRGoogleCloudRegion", [["Connection", v("connection")], ["RegionId", text(r.region ?? "")]])], ["Name", text(r.bucket)]], { assign: "bucket" }),
        call("Get-VBRGoogleCloudFolder", [["Connection", v("connection")], ["Bucket", v("bucket")], ["Name", text(r.folder)]], { assign: "folder" }),
        call("New-VBRGoogleCloudFolder", [["Connection", v("connection")], ["Bucket", v("bucket")], ["Name", text(r.folder)]], { assign: "folder", unlessSet: "folder" }),
      ];
      const proxy: Array<[string, Arg]> = [];
      if (r.helperAppliance) {
        const compute = accountDescribed("google-compute", c.description.replace(/credentials google$/, "credentials google-compute"));
        calls.push(
          call("Get-VBRGoogleCloudComputeRegion", [["Account", compute], ["Name", text(r.helperAppliance.region)]], { assign: "computeRegion" }),
          call("New-VBRGoogleCloudComputeProxyAppliance", [
            ["InstanceType", lookup("Get-VBRGoogleCloudComputeInstanceType", [["Zone", lookup("Get-VBRGoogleCloudComputeZone", [["Region", v("computeRegion")]], { first: true })], ["Name", text(HELPER_INSTANCE_TYPE)]])],
            ["Subnet", lookup("Get-VBRGoogleCloudComputeSubnet", [["Region", v("computeRegion")], ["Name", text(r.helperAppliance.subnetwork as string)]])],
            // In the parameter table ("Required True") though not in the syntax line (DEFECTS.md); the port the stack opens.
            ["RedirectorPort", num(HELPER_REDIRECTOR_PORT)],
          ], { assign: "helper" }),
        );
        proxy.push(["GoogleProxySpec", v("helper")]);
      }
      calls.push(call("Add-VBRGoogleCloudRepository", [["Folder", v("folder")], ["Connection", v("connection")], ...common, ...immutability, ...proxy]));
      return calls;
    }
  }
}

function setRepository(r: RepositorySpec): Call {
  const cmdlet = { AmazonS3: "Set-VBRAmazonS3Repository", AmazonS3Compatible: "Set-VBRAmazonS3CompatibleRepository", AzureBlob: "Set-VBRAzureBlobRepository", GoogleCloud: "Set-VBRGoogleCloudRepository" }[r.type];
  const params: Array<[string, Arg]> = [["Repository", repositoryNamed(r.name)], ["Description", text(r.description)], ["ConnectionType", enumArg(r.connectionType)]];
  if (r.connectionType === "Gateway") {
    // -UseGatewayServer "will be ignored" (deprecated on all four pages): -GatewayServer alone.
    if (r.gatewayServers.length > 0) params.push(["GatewayServer", list(r.gatewayServers.map((s) => serverNamed(s as string)))]);
  }
  if (r.immutabilityDays !== null) params.push(["ImmutabilityPeriod", num(r.immutabilityDays)]);
  return call(cmdlet, [...params, ["Force", on]]);
}

function securityOptions(r: RepositorySpec, repository: Arg): Call {
  const so = r.securityOptions as NonNullable<RepositorySpec["securityOptions"]>;
  return call("Set-VBRS3CompatibleRepositorySecurityOptions", [
    ["Repository", repository],
    ["AccessControlPolicy", enumArg(so.accessControlPolicy)],
    so.iamEndpoint !== null && ["IAMEndpoint", text(so.iamEndpoint)],
    so.stsEndpoint !== null && ["STSEndpoint", text(so.stsEndpoint)],
  ]);
}

// ---------------------------------------------------------------------------------------------
// Tenants.

function resourceCalls(t: TenantSpec, desired: VeeamServerConfig, only?: ReadonlySet<string>): { calls: Call[]; vars: Arg[] } {
  const wanServer = (name: string) => desired.wanAccelerators.find((w) => w.name === name)?.server as string;
  const calls: Call[] = [];
  const vars: Arg[] = [];
  t.quotas.forEach((b, i) => {
    if (only && !only.has(b.friendlyName)) return;
    calls.push(
      call("New-VBRCloudTenantResource", [
        ["Repository", repositoryNamed(b.repository)],
        ["RepositoryFriendlyName", text(b.friendlyName)],
        ["Quota", num(b.quotaGb)],
        b.wanAccelerator !== null && ["EnableWanAccelerator", on],
        b.wanAccelerator !== null && ["WanAccelerator", wanOn(wanServer(b.wanAccelerator))],
      ], { assign: `resource${i}` }),
    );
    vars.push(v(`resource${i}`));
  });
  return { calls, vars };
}

function replicationCalls(t: TenantSpec, desired: VeeamServerConfig): Call[] {
  if (!t.replication) return [];
  const wanServer = (name: string) => desired.wanAccelerators.find((w) => w.name === name)?.server as string;
  const calls = t.replication.hardwarePlans.map((h, i) =>
    call("New-VBRCloudTenantHwPlanOptions", [["HardwarePlan", planNamed(h.hardwarePlan)], h.wanAccelerator !== null && ["EnableWanAcceleration", on], h.wanAccelerator !== null && ["WanAccelerator", wanOn(wanServer(h.wanAccelerator))]], { assign: `plan${i}` }),
  );
  const nea = t.replication.networkExtension;
  calls.push(
    call("New-VBRCloudTenantReplicationResources", [
      t.replication.hardwarePlans.length > 0 && ["HardwarePlanOptions", list(t.replication.hardwarePlans.map((_, i) => v(`plan${i}`)))],
      nea !== null && ["EnableNetworkFailoverResources", on],
      nea !== null && nea.publicIps > 0 && ["EnablePublicIp", on],
      nea !== null && nea.publicIps > 0 && ["NumberOfPublicIp", num(nea.publicIps)],
    ], { assign: "replication" }),
  );
  return calls;
}

/** The tenant settings every Add and Set passes (all explicit: units included). */
function tenantSettings(t: TenantSpec, desired: VeeamServerConfig): Array<[string, Arg]> {
  const out: Array<[string, Arg]> = [["Description", text(t.description)], ["MaxConcurrentTask", num(t.maxConcurrentTasks)], ["GatewaySelectionType", enumArg(t.gatewaySelection)]];
  if (t.leaseExpires !== null) out.push(["EnableLeaseExpiration", on], ["LeaseExpirationDate", { kind: "date", value: t.leaseExpires }]);
  if (t.throttling !== null) out.push(["EnableThrottling", on], ["ThrottlingValue", num(t.throttling.value)], ["ThrottlingUnit", enumArg(THROTTLING_UNIT[t.throttling.unit])]);
  if (t.gatewayPools.length > 0) out.push(["GatewayPool", list(t.gatewayPools.map(poolNamed))]);
  if (t.gatewayFailover) out.push(["EnableGatewayFailover", on]);
  void desired;
  return out;
}

function addTenant(t: TenantSpec, desired: VeeamServerConfig): Call[] {
  const resources = resourceCalls(t, desired);
  const replication = replicationCalls(t, desired);
  const calls: Call[] = [
    ...resources.calls,
    ...replication,
    call("Add-VBRCloudTenant", [
      ["Name", text(t.name)],
      ["Password", { kind: "password", account: t.name }],
      ...tenantSettings(t, desired),
      resources.vars.length > 0 && ["Resources", list(resources.vars)],
      replication.length > 0 && ["ReplicationResources", v("replication")],
    ], { assign: "tenant" }),
  ];
  if (!t.enabled) calls.push(call("Disable-VBRCloudTenant", [["CloudTenant", v("tenant")], noConfirm]));
  const ip = t.replication?.networkExtension?.ipAddress;
  if (ip && neaAddressSettable(t)) calls.push(neaAddress(t.name, ip));
  return calls;
}

/**
 * Get-VBRCloudTenantNetworkAppliance -Tenant returns one appliance per hardware plan, and the format
 * gives one address: vcc-iac sets it when the tenant has one plan. (The format has no subnet mask or
 * default gateway for it either: Veeam keeps its own until someone sets them.)
 */
function neaAddressSettable(t: TenantSpec): boolean {
  return (t.replication?.hardwarePlans.length ?? 0) === 1;
}

function neaAddress(tenant: string, ip: string): Call {
  return call("Set-VBRCloudTenantNetworkAppliance", [["Appliance", lookup("Get-VBRCloudTenantNetworkAppliance", [["Tenant", tenantNamed(tenant)]])], ["IpAddress", text(ip)]]);
}

function tenantChange(
  t: TenantSpec,
  have: TenantState,
  desired: VeeamServerConfig,
  serverNameById: ReadonlyMap<string, string>,
  prune: boolean,
  subtenantsOn: (tenant: string, friendlyName: string) => string[],
): Omit<VeeamChange, "step"> | undefined {
  const details: Detail[] = [];
  const calls: Call[] = [];
  let dangerous = false;
  const notes: string[] = [];
  differs(details, "description", have.description ?? "", t.description);
  differs(details, "lease expires", have.leaseExpirationEnabled ? have.leaseExpirationDate : null, t.leaseExpires);
  const haveThrottling = have.throttlingEnabled ? `${have.throttlingValue} ${throttlingUnitOf(String(have.throttlingUnit)) ?? have.throttlingUnit}` : null;
  differs(details, "throttling", haveThrottling, t.throttling ? `${t.throttling.value} ${t.throttling.unit}` : null);
  differs(details, "maximum concurrent tasks", have.maxConcurrentTask, t.maxConcurrentTasks);
  differs(details, "gateway selection", have.gatewaySelectionType, t.gatewaySelection);
  if (!sameSet(have.gatewayPools, t.gatewayPools)) details.push({ what: "gateway pools", from: shown(have.gatewayPools), to: shown(t.gatewayPools) });
  differs(details, "gateway failover", Boolean(have.gatewayFailoverEnabled), t.gatewayFailover);
  const settingsChanged = details.length > 0;
  const set: Array<[string, Arg]> = [["CloudTenant", tenantNamed(t.name)], ...tenantSettings(t, desired)];
  // Lease and throttling turned off: Set-VBRCloudTenant without the switch keeps them, so say it.
  if (t.leaseExpires === null && have.leaseExpirationEnabled) set.push(["EnableLeaseExpiration", { kind: "bool", value: false }]);
  if (t.throttling === null && have.throttlingEnabled) set.push(["EnableThrottling", { kind: "bool", value: false }]);
  if (t.gatewayFailover === false && have.gatewayFailoverEnabled) set.push(["EnableGatewayFailover", { kind: "bool", value: false }]);

  // Backup quotas, by friendly name. Set-VBRCloudTenantResource returns the changed quota, which
  // Set-VBRCloudTenant -Resources applies (the page's examples): the whole list is passed.
  const hostName = (id: string | null) => (id === null ? null : (serverNameById.get(id) ?? `(server ${id})`));
  const haveRes = new Map(have.resources.map((r) => [r.friendlyName as string, r]));
  const removed = have.resources.filter((r) => !t.quotas.some((b) => b.friendlyName === r.friendlyName));
  const items: Arg[] = [];
  let quotasChanged = false;
  t.quotas.forEach((b, i) => {
    const r = haveRes.get(b.friendlyName);
    const wanWanted = b.wanAccelerator === null ? null : (desired.wanAccelerators.find((w) => w.name === b.wanAccelerator)?.server as string);
    const wan: Array<[string, Arg]> = wanWanted !== null ? [["EnableWanAccelerator", on], ["WanAccelerator", wanOn(wanWanted)]] : [];
    if (!r) {
      quotasChanged = true;
      details.push({ what: `quota ${b.friendlyName}`, from: "(none)", to: `${b.quotaGb} GB on ${b.repository}` });
      calls.push(call("New-VBRCloudTenantResource", [["Repository", repositoryNamed(b.repository)], ["RepositoryFriendlyName", text(b.friendlyName)], ["Quota", num(b.quotaGb)], ...wan], { assign: `resource${i}` }));
      items.push(v(`resource${i}`));
      return;
    }
    const quotaGb = r.quotaMb === null ? null : quotaGbFromMb(r.quotaMb);
    const before: Detail[] = [];
    differs(before, `quota ${b.friendlyName} (GB)`, quotaGb, b.quotaGb);
    differs(before, `quota ${b.friendlyName} WAN accelerator`, r.wanAccelerationEnabled ? hostName(r.wanAcceleratorHostId) : null, wanWanted);
    if (r.repository !== b.repository) {
      before.push({ what: `quota ${b.friendlyName} repository`, from: shown(r.repository), to: b.repository });
      dangerous = true;
      notes.push(`quota ${b.friendlyName} moves to another repository: the tenant's backups stay on the old one`);
    }
    if (before.length === 0) {
      items.push(tenantResource(t.name, b.friendlyName));
      return;
    }
    quotasChanged = true;
    details.push(...before);
    if (quotaGb !== null && b.quotaGb < quotaGb) notes.push(`quota ${b.friendlyName} shrinks: backups above the new quota fail`);
    calls.push(
      call("Set-VBRCloudTenantResource", [
        ["CloudTenantResource", tenantResource(t.name, b.friendlyName)],
        ["Repository", repositoryNamed(b.repository)],
        ["RepositoryFriendlyName", text(b.friendlyName)],
        ["Quota", num(b.quotaGb)],
        ...wan,
        wanWanted === null && Boolean(r.wanAccelerationEnabled) && ["EnableWanAccelerator", { kind: "bool", value: false }],
      ], { assign: `resource${i}` }),
    );
    items.push(v(`resource${i}`));
  });
  for (const r of removed) {
    if (!prune) {
      // Not in the file: kept (and said), unless the user prunes.
      items.push(tenantResource(t.name, r.friendlyName as string));
      notes.push(`quota ${r.friendlyName} is in Veeam, not in the file: kept (--prune would remove it)`);
      continue;
    }
    details.push({ what: `quota ${r.friendlyName}`, from: `${r.quotaMb === null ? "?" : quotaGbFromMb(r.quotaMb)} GB on ${r.repository}`, to: "(none)" });
    dangerous = true;
    quotasChanged = true;
    const subs = subtenantsOn(t.name, r.friendlyName as string);
    notes.push(`quota ${r.friendlyName} is removed: the tenant loses access to its backups there${subs.length > 0 ? `, and so do its subtenants ${subs.join(", ")}` : ""}`);
  }
  const resourcesArg: Arg | undefined = quotasChanged ? list(items) : undefined;

  // Replication resources: compared as a whole, set as a whole.
  const haveRepl = have.replication && (have.replication.hardwarePlans.length > 0 || have.replication.networkFailover) ? have.replication : null;
  const planOf = (r: NonNullable<TenantState["replication"]>) => r.hardwarePlans.map((h) => `${h.hardwarePlan}${h.wanAcceleratorEnabled ? ` via ${hostName(h.wanAcceleratorHostId)}` : ""}`).sort();
  const wanted = t.replication;
  const wantPlans = wanted ? wanted.hardwarePlans.map((h) => `${h.hardwarePlan}${h.wanAccelerator ? ` via ${desired.wanAccelerators.find((w) => w.name === h.wanAccelerator)?.server}` : ""}`).sort() : [];
  let replicationChanged =
    JSON.stringify(haveRepl ? planOf(haveRepl) : []) !== JSON.stringify(wantPlans) ||
    Boolean(haveRepl?.networkFailover) !== Boolean(wanted?.networkExtension) ||
    (haveRepl?.publicIpEnabled ? (haveRepl.publicIps ?? 0) : 0) !== (wanted?.networkExtension?.publicIps ?? 0);
  if (replicationChanged && haveRepl && !wanted && !prune) {
    // Not in the file: kept (and said), unless the user prunes.
    replicationChanged = false;
    notes.push("its replication resources are in Veeam, not in the file: kept (--prune would remove them)");
  }
  if (replicationChanged) {
    details.push({ what: "replication", from: shown(haveRepl ? planOf(haveRepl) : []), to: shown(wantPlans) });
    if (haveRepl && !wanted) {
      dangerous = true;
      notes.push("its replication resources are removed: its replicas lose their hardware plan");
    }
    calls.push(...replicationCalls(t, desired));
  }

  if (settingsChanged || resourcesArg || replicationChanged) {
    calls.push(
      call("Set-VBRCloudTenant", [
        ...set,
        resourcesArg !== undefined && ["Resources", resourcesArg],
        replicationChanged && wanted !== null && ["ReplicationResources", v("replication")],
        replicationChanged && wanted === null && ["EnableReplicationResorces", { kind: "bool", value: false }],
        // -Force: "removes all replication resources" with -EnableReplicationResorces, and only then.
        replicationChanged && wanted === null && ["Force", on],
      ]),
    );
  }
  // Enabled state: its own cmdlets.
  if (have.enabled !== t.enabled) {
    details.push({ what: "enabled", from: shown(have.enabled), to: shown(t.enabled) });
    calls.push(call(t.enabled ? "Enable-VBRCloudTenant" : "Disable-VBRCloudTenant", [["CloudTenant", tenantNamed(t.name)], noConfirm]));
  }
  // The appliance's address.
  const ip = t.replication?.networkExtension?.ipAddress ?? null;
  const haveIp = have.replication?.appliances[0]?.ipAddress ?? null;
  if (ip !== null && ip !== haveIp && neaAddressSettable(t)) {
    details.push({ what: "network extension appliance address", from: shown(haveIp), to: ip });
    calls.push(neaAddress(t.name, ip));
  }
  if (details.length === 0) {
    // Only what the file does not name, kept: listed as left alone.
    return notes.length > 0 ? { action: "unmanaged", kind: "tenant", name: t.name, details: [], calls: [], dangerous: false, note: notes.join("; ") } : undefined;
  }
  return { action: "change", kind: "tenant", name: t.name, details, calls, dangerous, ...(notes.length > 0 ? { note: notes.join("; ") } : {}) };
}

/** The description prefix of a server's objects: `vcc-iac:<sp>/<server> `. */
export function markerOf(serviceProvider: string, server: string): string {
  return `${MARK}:${serviceProvider}/${server} `;
}

/** Lease dates as the apply script passes them (for tests and the fake). */
export const LEASE_TIME = LEASE.timeOfDay;

/**
 * The backup servers (as `<service provider>/<server>`) whose objects vcc-iac made, found in a
 * state: a state read on another server than the one planned would otherwise be "corrected" into
 * this one's configuration, and with --prune lose that server's tenants.
 */
export function markedServers(state: VeeamState): Set<string> {
  const out = new Set<string>();
  const lists: ReadonlyArray<ReadonlyArray<{ readonly description?: string | null }>> = [
    state.managedServers,
    state.gateways,
    state.gatewayPools,
    state.wanAccelerators,
    state.amazonAccounts,
    state.azureAccounts,
    state.googleAccounts,
    state.googleComputeAccounts,
    state.repositories,
    state.hardwarePlans,
  ];
  for (const list of lists) {
    for (const o of list) {
      const m = /^vcc-iac:([^/ ]+\/[^ ]+) /.exec(o.description ?? "");
      if (m) out.add(m[1]);
    }
  }
  return out;
}

