/**
 * A fake Veeam Backup & Replication v13 for the tests: it keeps state across calls, holds its
 * objects with the property names of Veeam's object pages, and refuses any call the v13 reference
 * does not allow (contract.ts) before doing what the cmdlet's page says. The apply runner
 * (`applyPlan`) does what the generated apply script does: checks the state's fingerprint, resolves
 * secrets and passwords, evaluates each ensure's condition, and makes the calls in order.
 */
import * as crypto from "crypto";
import { Arg, Call, Filter } from "../../lib/veeam/calls";
import { READERS, SECURITY_OPTIONS_READER, STATE_FORMAT, readObjects, valueAt } from "../../lib/veeam/readers";
import { Condition, VeeamPlan } from "../../lib/veeam/reconcile";
import { fingerprint } from "../../lib/veeam/state";
import { ArgShape, checkCall } from "./contract";

type Obj = Record<string, unknown>;

export class ContractError extends Error {}
export class VeeamError extends Error {}

let counter = 0;
const id = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, "0")}`;

/** What the apply script's environment gives a run. */
export interface RunEnvironment {
  /** Secrets by key (`aws.accessKey`): what the Terraform outputs or environment hold on the server. */
  readonly secrets: Readonly<Record<string, string>>;
  /** The certificate files in -CertificateDirectory: name -> thumbprint (with its password set). */
  readonly pfx?: Readonly<Record<string, string>>;
}

export class FakeVeeam {
  readonly computer: string;
  /** Every cmdlet call made, in order (Get- calls included). */
  readonly log: Array<{ readonly cmdlet: string; readonly params: readonly string[] }> = [];
  servers: Obj[] = [];
  credentials: Obj[] = [{ Name: "vcc-iac-windows" }, { Name: "vcc-iac-linux" }];
  certificate: Obj | null = null;
  certificateStore: Obj[] = [];
  gateways: Obj[] = [];
  pools: Obj[] = [];
  wans: Obj[] = [];
  amazonAccounts: Obj[] = [];
  azureAccounts: Obj[] = [];
  googleAccounts: Obj[] = [];
  googleComputeAccounts: Obj[] = [];
  repositories: Obj[] = [];
  securityOptions = new Map<string, Obj>();
  publicIps: Obj[] = [];
  plans: Obj[] = [];
  tenants: Obj[] = [];
  subtenants: Obj[] = [];
  folders = new Set<string>();
  /** Passwords the fake's tenants were created with (to check they were generated). */
  readonly passwords = new Map<string, string>();

  constructor(options: { computer?: string; hypervisors?: ReadonlyArray<{ name: string; type: "ESXi" | "HvServer" }> } = {}) {
    this.computer = options.computer ?? "VBR-EU";
    this.servers.push({ Id: id(), Name: this.computer, Type: "Local", Description: "Backup server" });
    for (const h of options.hypervisors ?? []) this.servers.push({ Id: id(), Name: h.name, Type: h.type, Description: "" });
  }

  // -------------------------------------------------------------------------------------------
  // Reading: the same readers the read script is generated from.

  readState(): string {
    const state: Obj = { format: STATE_FORMAT, computer: this.computer };
    for (const r of READERS) state[r.key] = readObjects(r, this.getAll(r.cmdlet));
    const s3c = this.sorted(this.repositories.filter((r) => r.Type === "AmazonS3Compatible"));
    state[SECURITY_OPTIONS_READER.key] = s3c.map((repo) => ({
      ...readObjects(SECURITY_OPTIONS_READER, [this.invokeGet("Get-VBRS3CompatibleRepositorySecurityOptions", { Repository: repo })])[0],
      repository: repo.Name,
    }));
    return JSON.stringify(state);
  }

  private sorted(list: Obj[]): Obj[] {
    return [...list].sort((a, b) => (String(a.Name) < String(b.Name) ? -1 : String(a.Name) > String(b.Name) ? 1 : 0));
  }

  /** A Get- cmdlet without parameters, as the read script calls it (logged and contract-checked). */
  private getAll(cmdlet: string): Obj[] {
    const result = this.invokeGet(cmdlet, {});
    return result === null ? [] : Array.isArray(result) ? (result as Obj[]) : [result as Obj];
  }

  private invokeGet(cmdlet: string, params: Obj): unknown {
    const shapes = Object.entries(params).map(([name, value]) => ({ name, shape: shapeOf(value), value }));
    const wrong = checkCall(cmdlet, shapes);
    if (wrong) throw new ContractError(wrong);
    this.log.push({ cmdlet, params: Object.keys(params) });
    return this.dispatch(cmdlet, params);
  }

  // -------------------------------------------------------------------------------------------
  // Applying a plan: what the apply script does.

  applyPlan(plan: VeeamPlan, env: RunEnvironment): { newPasswords: Record<string, string>; steps: number; skipped: number } {
    if (fingerprint(this.readState()) !== plan.fingerprint) throw new VeeamError("vcc-iac: this backup server's configuration changed since the plan was made");
    const run = new Run(this, env);
    let steps = 0;
    let skipped = 0;
    for (const change of plan.changes) {
      if (!["add", "change", "remove", "ensure"].includes(change.action)) continue;
      steps++;
      if (change.when && !run.holds(change.when)) {
        skipped++;
        continue;
      }
      for (const c of change.calls) run.statement(c);
    }
    return { newPasswords: run.newPasswords, steps, skipped };
  }

  /** One call with evaluated parameters: contract-checked, then carried out. */
  invoke(cmdlet: string, params: ReadonlyArray<{ name: string; shape: ArgShape; value: unknown }>): unknown {
    const wrong = checkCall(cmdlet, params);
    if (wrong) throw new ContractError(wrong);
    this.log.push({ cmdlet, params: params.map((p) => p.name) });
    return this.dispatch(cmdlet, Object.fromEntries(params.map((p) => [p.name, p.value])));
  }

  // -------------------------------------------------------------------------------------------
  // What each cmdlet does (its page's description, reduced to what vcc-iac relies on).

  private dispatch(cmdlet: string, p: Obj): unknown {
    const byName = (list: Obj[], names: unknown) => {
      if (names === undefined) return list;
      const wanted = (Array.isArray(names) ? names : [names]).map(String);
      return list.filter((o) => wanted.includes(String(o.Name)));
    };
    const one = (list: Obj[]) => (list.length === 0 ? null : list.length === 1 ? list[0] : list);
    const need = <T>(v: T | null | undefined, what: string): T => {
      if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) throw new VeeamError(`${cmdlet}: ${what} is missing`);
      if (Array.isArray(v) && v.length > 1 && !what.endsWith("s")) throw new VeeamError(`${cmdlet}: ${what} names ${v.length} objects`);
      return (Array.isArray(v) && !what.endsWith("s") ? v[0] : v) as T;
    };
    const port = (v: unknown, what: string) => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 65535) throw new VeeamError(`${cmdlet}: ${what} ${String(v)} is not 1 to 65535`);
      return n;
    };
    const quota = (v: unknown) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1 || n > 2097151) throw new VeeamError(`${cmdlet}: -Quota ${String(v)} is not 1 to 2097151 (GB)`);
      return n * 1024; // read back in MB
    };
    switch (cmdlet) {
      // Managed servers and credentials.
      case "Get-VBRServer":
        return one(byName(this.servers, p.Name));
      case "Get-VBRCredentials":
        return one(byName(this.credentials, p.Name));
      case "Add-VBRWinServer":
      case "Add-VBRLinux": {
        need(p.Credentials, "-Credentials");
        if (this.servers.some((s) => s.Name === p.Name)) throw new VeeamError(`${cmdlet}: ${String(p.Name)} is already added`);
        const s = { Id: id(), Name: p.Name, Type: cmdlet === "Add-VBRWinServer" ? "Windows" : "Linux", Description: p.Description ?? "" };
        this.servers.push(s);
        return s;
      }
      case "Remove-VBRServer": {
        const s = need<Obj>(p.Server as Obj, "-Server");
        if (this.gateways.some((g) => g.Host === s) || this.wans.some((w) => w.HostId === s.Id)) throw new VeeamError(`${cmdlet}: ${String(s.Name)} still has a role`);
        this.servers = this.servers.filter((x) => x !== s);
        return null;
      }
      // The certificate.
      case "Get-VBRCloudGatewayCertificate":
        return p.FromStore ? one(this.certificateStore) : this.certificate;
      case "Add-VBRCloudGatewayCertificate":
        this.certificate = need<Obj>(p.Certificate as Obj, "-Certificate");
        return null;
      // Gateways and pools.
      case "Get-VBRCloudGateway":
        return one(byName(this.gateways, p.Name));
      case "Add-VBRCloudGateway": {
        const host = need<Obj>(p.Server as Obj, "-Server");
        if (!this.servers.includes(host)) throw new VeeamError(`${cmdlet}: the server is not managed`);
        if (this.gateways.some((g) => g.Host === host)) throw new VeeamError(`${cmdlet}: ${String(host.Name)} is already a gateway`);
        const g = { Id: id(), Name: host.Name, Host: host, Enabled: true, NetworkMode: p.NetworkMode ?? "Direct", IPAddress: p.IpAddress ?? null, NATPort: port(p.NATPort, "-NATPort") ?? 6180, IncomingPort: port(p.IncomingPort, "-IncomingPort") ?? 6180, Description: p.Description ?? "" };
        this.gateways.push(g);
        return g;
      }
      case "Set-VBRCloudGateway": {
        const g = need<Obj>(p.CloudGateway as Obj, "-CloudGateway");
        if (p.NetworkMode !== undefined) g.NetworkMode = p.NetworkMode;
        if (p.IpAddress !== undefined) g.IPAddress = p.IpAddress;
        if (p.NATPort !== undefined) g.NATPort = port(p.NATPort, "-NATPort");
        if (p.IncomingPort !== undefined) g.IncomingPort = port(p.IncomingPort, "-IncomingPort");
        if (p.Description !== undefined) g.Description = p.Description;
        return g;
      }
      case "Remove-VBRCloudGateway": {
        const g = need<Obj>(p.CloudGateway as Obj, "-CloudGateway");
        if (this.pools.some((pool) => (pool.CloudGateways as Obj[]).includes(g))) throw new VeeamError(`${cmdlet}: the gateway is in a pool`);
        this.gateways = this.gateways.filter((x) => x !== g);
        return null;
      }
      case "Get-VBRCloudGatewayPool":
        return one(byName(this.pools, p.Name));
      case "Add-VBRCloudGatewayPool": {
        if (this.pools.some((x) => x.Name === p.Name)) throw new VeeamError(`${cmdlet}: pool ${String(p.Name)} exists`);
        const members = asList(p.CloudGateway);
        for (const g of members) if (this.pools.some((x) => (x.CloudGateways as Obj[]).includes(g as Obj))) throw new VeeamError(`${cmdlet}: a gateway is in another pool`);
        const pool = { Id: id(), Name: p.Name, Description: p.Description ?? "", CloudGateways: members };
        this.pools.push(pool);
        return pool;
      }
      case "Set-VBRCloudGatewayPool": {
        const pool = need<Obj>(p.CloudGatewayPool as Obj, "-CloudGatewayPool");
        if (p.CloudGateway !== undefined) pool.CloudGateways = asList(p.CloudGateway);
        if (p.Description !== undefined) pool.Description = p.Description;
        return pool;
      }
      case "Remove-VBRCloudGatewayPool": {
        const pool = need<Obj>(p.CloudGatewayPool as Obj, "-CloudGatewayPool");
        this.pools = this.pools.filter((x) => x !== pool);
        for (const t of this.tenants) t.GatewayPool = (t.GatewayPool as Obj[]).filter((x) => x !== pool);
        return null;
      }
      // WAN accelerators: named after their server.
      case "Get-VBRWANAccelerator":
        return one(byName(this.wans, p.Name));
      case "Add-VBRWANAccelerator": {
        const host = need<Obj>(p.Server as Obj, "-Server");
        const size = Number(p.CacheSize);
        if (!Number.isInteger(size) || size < 1 || size > 65535) throw new VeeamError(`${cmdlet}: -CacheSize ${String(p.CacheSize)} is not 1 to 65535`);
        if (p.CacheSizeUnit === undefined) throw new VeeamError(`${cmdlet}: the cache's unit must be given (no default is documented)`);
        const w = { Id: id(), Name: host.Name, HostId: host.Id, Description: p.Description ?? "", cacheGb: p.CacheSizeUnit === "TB" ? size * 1024 : size };
        this.wans.push(w);
        return w;
      }
      case "Remove-VBRWANAccelerator":
        this.wans = this.wans.filter((x) => x !== need<Obj>(p.Accelerator as Obj, "-Accelerator"));
        return null;
      // Credentials records.
      case "Get-VBRAmazonAccount":
        return one(this.amazonAccounts);
      case "Get-VBRAzureBlobAccount":
        return one(this.azureAccounts);
      case "Get-VBRGoogleCloudAccount":
        return one(this.googleAccounts);
      case "Get-VBRGoogleCloudComputeAccount":
        return one(byName(this.googleComputeAccounts, p.Name));
      case "Add-VBRAmazonAccount":
        return this.add(this.amazonAccounts, { Id: id(), AccessKey: p.AccessKey, SecretKey: p.SecretKey, Description: p.Description ?? "" });
      case "Add-VBRGoogleCloudAccount":
        return this.add(this.googleAccounts, { Id: id(), AccessKey: p.AccessKey, SecretKey: p.SecretKey, Description: p.Description ?? "" });
      case "Add-VBRAzureBlobAccount":
        return this.add(this.azureAccounts, { Id: id(), Name: p.Name, SharedKey: p.SharedKey, Description: p.Description ?? "" });
      case "Add-VBRGoogleCloudComputeAccount":
        if (!String(p.JSONKey).startsWith("secret-file:")) throw new VeeamError(`${cmdlet}: -JSONKey is a path to the key file`);
        return this.add(this.googleComputeAccounts, { Id: id(), Name: p.Name, JSONKey: p.JSONKey, Description: p.Description ?? "" });
      case "Set-VBRAmazonAccount":
      case "Set-VBRGoogleCloudAccount":
      case "Set-VBRAzureBlobAccount":
      case "Set-VBRGoogleCloudComputeAccount": {
        const a = need<Obj>(p.Account as Obj, "-Account");
        for (const k of ["AccessKey", "SecretKey", "SharedKey", "JSONKey", "Description", "Name"]) if (p[k] !== undefined) a[k] = p[k];
        return a;
      }
      case "Remove-VBRAmazonAccount":
      case "Remove-VBRAzureBlobAccount":
      case "Remove-VBRGoogleCloudAccount":
      case "Remove-VBRGoogleCloudComputeAccount": {
        const a = need<Obj>(p.Account as Obj, "-Account");
        for (const list of [this.amazonAccounts, this.azureAccounts, this.googleAccounts, this.googleComputeAccounts]) {
          const i = list.indexOf(a);
          if (i >= 0) list.splice(i, 1);
        }
        return null;
      }
      // Object storage: connections, buckets, folders, repositories.
      case "Connect-VBRAmazonS3Service":
      case "Connect-VBRAmazonS3CompatibleService":
      case "Connect-VBRAzureBlobService":
      case "Connect-VBRGoogleCloudService":
        need(p.Account, "-Account");
        return { kind: cmdlet, Account: p.Account, ServicePoint: p.ServicePoint ?? null, ConnectionType: p.ConnectionType ?? "Direct", GatewayServer: asList(p.GatewayServer), ServiceType: p.ServiceType };
      case "Get-VBRAmazonS3Bucket":
      case "Get-VBRGoogleCloudBucket":
      case "Get-VBRAzureBlobContainer":
        need(p.Connection, "-Connection");
        return { Name: p.Name };
      case "Get-VBRGoogleCloudRegion":
        return { Id: p.RegionId, Name: p.RegionId };
      case "Get-VBRAmazonS3Folder":
      case "Get-VBRGoogleCloudFolder":
      case "Get-VBRAzureBlobFolder": {
        const parent = (p.Bucket ?? p.Container) as Obj;
        const key = `${String(parent.Name)}/${String(p.Name)}`;
        return this.folders.has(key) ? { Name: p.Name, Bucket: parent, Container: parent } : null;
      }
      case "New-VBRAmazonS3Folder":
      case "New-VBRGoogleCloudFolder":
      case "New-VBRAzureBlobFolder": {
        const parent = (p.Bucket ?? p.Container) as Obj;
        const key = `${String(parent.Name)}/${String(p.Name)}`;
        if (this.folders.has(key)) throw new VeeamError(`${cmdlet}: folder ${key} exists`);
        this.folders.add(key);
        return { Name: p.Name, Bucket: parent, Container: parent };
      }
      case "Get-VBRGoogleCloudComputeRegion":
        need(p.Account, "-Account");
        return { Name: p.Name };
      case "Get-VBRGoogleCloudComputeZone":
        return [{ Name: `${String((p.Region as Obj).Name)}-b` }, { Name: `${String((p.Region as Obj).Name)}-c` }];
      case "Get-VBRGoogleCloudComputeInstanceType":
        need(p.Zone, "-Zone");
        return { Name: p.Name };
      case "Get-VBRGoogleCloudComputeSubnet":
        return { Name: p.Name, Region: p.Region };
      case "New-VBRGoogleCloudComputeProxyAppliance":
        return { InstanceType: need(p.InstanceType, "-InstanceType"), Subnet: need(p.Subnet, "-Subnet") };
      case "Add-VBRAmazonS3Repository":
      case "Add-VBRAmazonS3CompatibleRepository":
      case "Add-VBRAzureBlobRepository":
      case "Add-VBRGoogleCloudRepository": {
        const c = need<Obj>(p.Connection as Obj, "-Connection");
        const folder = need<Obj>((p.AmazonS3Folder ?? p.AzureBlobFolder ?? p.Folder) as Obj, "the folder");
        if (this.repositories.some((r) => r.Name === p.Name)) throw new VeeamError(`${cmdlet}: repository ${String(p.Name)} exists`);
        const type = { "Add-VBRAmazonS3Repository": "AmazonS3", "Add-VBRAmazonS3CompatibleRepository": "AmazonS3Compatible", "Add-VBRAzureBlobRepository": "AzureBlob", "Add-VBRGoogleCloudRepository": "GoogleCloudStorage" }[cmdlet];
        const immutable = Boolean(p.EnableBackupImmutability);
        const r: Obj = { Id: id(), Name: p.Name, Description: p.Description ?? "", Type: type, GateWayMode: c.ConnectionType, GatewayServer: c.GatewayServer, BackupImmutabilityEnabled: immutable, ImmutabilityPeriod: immutable ? (p.ImmutabilityPeriod ?? 30) : 0, ServicePoint: c.ServicePoint };
        if (type === "AzureBlob") r.AzureBlobFolder = { Name: folder.Name, Container: folder.Container };
        else if (type === "GoogleCloudStorage") r.Folder = { Name: folder.Name, Bucket: folder.Bucket };
        else r.AmazonS3Folder = { Name: folder.Name, Bucket: folder.Bucket };
        this.repositories.push(r);
        if (type === "AmazonS3Compatible") this.securityOptions.set(r.Id as string, { RepositoryId: r.Id, AccessControlPolicy: "VBRManaged", IAMEndpoint: null, STSEndpoint: null });
        return r;
      }
      case "Set-VBRAmazonS3Repository":
      case "Set-VBRAmazonS3CompatibleRepository":
      case "Set-VBRAzureBlobRepository":
      case "Set-VBRGoogleCloudRepository": {
        const r = need<Obj>(p.Repository as Obj, "-Repository");
        if (p.Description !== undefined) r.Description = p.Description;
        if (p.ConnectionType !== undefined) r.GateWayMode = p.ConnectionType;
        r.GatewayServer = p.GatewayServer !== undefined ? asList(p.GatewayServer) : p.ConnectionType === "Gateway" ? [] : r.GatewayServer;
        if (p.ImmutabilityPeriod !== undefined) r.ImmutabilityPeriod = p.ImmutabilityPeriod;
        return r;
      }
      case "Get-VBRObjectStorageRepository":
        return one(byName(this.repositories, p.Name));
      case "Remove-VBRObjectStorageRepository": {
        const r = need<Obj>(p.Repository as Obj, "-Repository");
        if (this.tenants.some((t) => (t.Resources as Obj[]).some((x) => x.Repository === r))) throw new VeeamError(`${cmdlet}: tenants use ${String(r.Name)}`);
        this.repositories = this.repositories.filter((x) => x !== r);
        return null;
      }
      case "Get-VBRS3CompatibleRepositorySecurityOptions":
        return this.securityOptions.get(String(need<Obj>(p.Repository as Obj, "-Repository").Id)) ?? null;
      case "Set-VBRS3CompatibleRepositorySecurityOptions": {
        const r = need<Obj>(p.Repository as Obj, "-Repository");
        const so = this.securityOptions.get(String(r.Id)) ?? { RepositoryId: r.Id };
        if (p.AccessControlPolicy !== undefined) so.AccessControlPolicy = p.AccessControlPolicy;
        if (p.IAMEndpoint !== undefined) so.IAMEndpoint = p.IAMEndpoint;
        if (p.STSEndpoint !== undefined) so.STSEndpoint = p.STSEndpoint;
        this.securityOptions.set(String(r.Id), so);
        return so;
      }
      // Public IP addresses.
      case "Get-VBRCloudPublicIP":
        return one(this.publicIps);
      case "Add-VBRCloudPublicIP": {
        const n = (a: string) => a.split(".").reduce((x, o) => x * 256 + Number(o), 0);
        const first = n(String(p.FirstIpAddress));
        const last = n(String(p.LastIpAddress ?? p.FirstIpAddress));
        if (last < first) throw new VeeamError(`${cmdlet}: the range is reversed`);
        const added: Obj[] = [];
        for (let i = first; i <= last; i++) {
          const ip = [24, 16, 8, 0].map((s) => Math.floor(i / 2 ** s) % 256).join(".");
          if (this.publicIps.some((x) => x.IpAddress === ip)) throw new VeeamError(`${cmdlet}: ${ip} exists`);
          added.push({ Id: id(), IpAddress: ip, TenantId: null });
        }
        this.publicIps.push(...added);
        return added;
      }
      case "Remove-VBRCloudPublicIP":
        for (const ip of asList(p.CloudIp)) this.publicIps = this.publicIps.filter((x) => x !== ip);
        return null;
      // Hardware plans.
      case "Find-VBRViDatastore":
        return { Name: p.Name, Server: need(p.Server, "-Server") };
      case "New-VBRViCloudHWPlanDatastore":
        return { Id: id(), Datastore: (need<Obj>(p.Datastore as Obj, "-Datastore")).Name, FriendlyName: p.FriendlyName, Quota: p.Quota, Platform: "VMware" };
      case "New-VBRHvCloudHWPlanDatastore":
        return { Id: id(), Datastore: p.DatastorePath, FriendlyName: p.FriendlyName, Quota: p.Quota, Platform: "Hyper-V" };
      case "Get-VBRCloudHardwarePlan":
        return one(byName(this.plans, p.Name));
      case "Add-VBRViCloudHardwarePlan":
      case "Add-VBRHvCloudHardwarePlan": {
        const host = need<Obj>(p.Server as Obj, "-Server");
        if (!this.servers.includes(host)) throw new VeeamError(`${cmdlet}: the host is not managed`);
        if (this.plans.some((x) => x.Name === p.Name)) throw new VeeamError(`${cmdlet}: plan ${String(p.Name)} exists`);
        // Add-: memory in GB (the page), kept as the object reads it: MB.
        const plan = { Id: id(), Name: p.Name, Description: p.Description ?? "", Platform: cmdlet.includes("Vi") ? "VMware" : "Hyper-V", Host: host, CPU: p.UnlimitedCPU ? 0 : p.CPU, Memory: p.UnlimitedMemory ? 0 : Number(p.Memory) * 1024, Datastore: asList(p.Datastore), NumberOfNetWithInternet: p.NumberOfNetWithInternet ?? 0, NumberOfNetWithoutInternet: p.NumberOfNetWithoutInternet ?? 0, SubscribedTenantId: [] };
        this.plans.push(plan);
        return plan;
      }
      case "Set-VBRViCloudHardwarePlan":
      case "Set-VBRHvCloudHardwarePlan": {
        const plan = need<Obj>(p.HardwarePlan as Obj, "-HardwarePlan");
        if (p.Server !== undefined) plan.Host = p.Server;
        if (p.UnlimitedCPU) plan.CPU = 0;
        else if (p.CPU !== undefined) plan.CPU = p.CPU;
        // Set-: memory in MB (the page).
        if (p.UnlimitedMemory) plan.Memory = 0;
        else if (p.Memory !== undefined) plan.Memory = p.Memory;
        for (const k of ["NumberOfNetWithInternet", "NumberOfNetWithoutInternet", "Description"]) if (p[k] !== undefined) plan[k] = p[k];
        if (p.Datastore !== undefined) plan.Datastore = asList(p.Datastore);
        return plan;
      }
      case "Remove-VBRCloudHardwarePlan": {
        const plan = need<Obj>(p.HardwarePlan as Obj, "-HardwarePlan");
        this.plans = this.plans.filter((x) => x !== plan);
        return null;
      }
      // Tenants.
      case "Get-VBRCloudTenant":
        return one(byName(this.tenants, p.Name));
      case "New-VBRCloudTenantResource": {
        const repo = need<Obj>(p.Repository as Obj, "-Repository");
        if (p.EnableWanAccelerator && !p.WanAccelerator) throw new VeeamError(`${cmdlet}: -EnableWanAccelerator needs -WanAccelerator`);
        return { Repository: repo, RepositoryFriendlyName: p.RepositoryFriendlyName, RepositoryQuota: quota(p.Quota), WanAccelerationEnabled: Boolean(p.EnableWanAccelerator), WanAccelerator: p.WanAccelerator ?? null, UsedSpace: 0 };
      }
      case "Set-VBRCloudTenantResource": {
        // Returns the changed quota; Set-VBRCloudTenant -Resources applies it (the page's examples).
        const r = { ...need<Obj>(p.CloudTenantResource as Obj, "-CloudTenantResource") };
        if (p.Repository !== undefined) r.Repository = p.Repository;
        if (p.RepositoryFriendlyName !== undefined) r.RepositoryFriendlyName = p.RepositoryFriendlyName;
        if (p.Quota !== undefined) r.RepositoryQuota = quota(p.Quota);
        if (p.EnableWanAccelerator !== undefined) r.WanAccelerationEnabled = Boolean(p.EnableWanAccelerator);
        if (p.WanAccelerator !== undefined) r.WanAccelerator = p.WanAccelerator;
        if (r.WanAccelerationEnabled === false) r.WanAccelerator = null;
        return r;
      }
      case "New-VBRCloudTenantHwPlanOptions":
        return { HardwarePlan: need(p.HardwarePlan, "-HardwarePlan"), WanAcceleratorEnabled: Boolean(p.EnableWanAcceleration), WanAccelerator: p.WanAccelerator ?? null };
      case "New-VBRCloudTenantReplicationResources":
        return {
          NetworkFailoverResourcesEnabled: Boolean(p.EnableNetworkFailoverResources),
          HardwarePlanOptions: asList(p.HardwarePlanOptions),
          PublicIpEnabled: Boolean(p.EnablePublicIp),
          NumberOfPublicIp: p.EnablePublicIp ? p.NumberOfPublicIp : 0,
          TenantNetworkAppliance: p.EnableNetworkFailoverResources ? [{ IpAddress: null, ObtainIpAddressAutomatically: true }] : [],
        };
      case "Add-VBRCloudTenant": {
        if (this.tenants.some((t) => String(t.Name).toLowerCase() === String(p.Name).toLowerCase())) throw new VeeamError(`${cmdlet}: tenant ${String(p.Name)} exists`);
        if (p.Resources === undefined && p.ReplicationResources === undefined) throw new VeeamError(`${cmdlet}: "You must set the Resources or the ReplicationResources parameter"`);
        if (typeof p.Password !== "string" || p.Password.length < 12) throw new VeeamError(`${cmdlet}: no generated password`);
        this.passwords.set(String(p.Name), p.Password);
        const t: Obj = { Id: id(), Name: p.Name, Enabled: true };
        this.setTenant(t, p, true);
        this.tenants.push(t);
        return t;
      }
      case "Set-VBRCloudTenant": {
        const t = need<Obj>(p.CloudTenant as Obj, "-CloudTenant");
        this.setTenant(t, p, false);
        return t;
      }
      case "Enable-VBRCloudTenant":
      case "Disable-VBRCloudTenant":
        need<Obj>(p.CloudTenant as Obj, "-CloudTenant").Enabled = cmdlet === "Enable-VBRCloudTenant";
        return null;
      case "Remove-VBRCloudTenant": {
        const t = need<Obj>(p.CloudTenant as Obj, "-CloudTenant");
        this.tenants = this.tenants.filter((x) => x !== t);
        this.subtenants = this.subtenants.filter((s) => s.TenantId !== t.Id);
        return null;
      }
      case "Get-VBRCloudTenantNetworkAppliance": {
        const t = need<Obj>(p.Tenant as Obj, "-Tenant");
        const r = t.ReplicationResources as Obj | null;
        return one(r ? (r.TenantNetworkAppliance as Obj[]) : []);
      }
      case "Set-VBRCloudTenantNetworkAppliance": {
        const a = need<Obj>(p.Appliance as Obj, "-Appliance");
        if (p.IpAddress !== undefined) {
          a.IpAddress = p.IpAddress;
          a.ObtainIpAddressAutomatically = false;
        }
        return a;
      }
      // Subtenants.
      case "Get-VBRCloudSubTenant": {
        let list = this.subtenants;
        if (p.Tenant !== undefined) list = list.filter((s) => asList(p.Tenant).some((t) => (t as Obj).Id === s.TenantId));
        return one(byName(list, p.Name));
      }
      case "New-VBRCloudSubTenantResource": {
        const parent = need<Obj>(p.Parent as Obj, "-Parent");
        return { Id: id(), ParentId: parent.Id ?? null, RepositoryFriendlyName: p.RepositoryFriendlyName, RepositoryQuota: p.Unlimited ? 0 : quota(p.Quota), IsUnlimited: Boolean(p.Unlimited) };
      }
      case "Set-VBRCloudSubTenantResource": {
        // Returns the changed quota; Set-VBRCloudSubTenant -Resources applies it.
        const r = { ...need<Obj>(p.CloudSubTenantResource as Obj, "-CloudSubTenantResource") };
        if (p.Unlimited) {
          r.IsUnlimited = true;
          r.RepositoryQuota = 0;
        } else if (p.Quota !== undefined) {
          r.IsUnlimited = false;
          r.RepositoryQuota = quota(p.Quota);
        }
        return r;
      }
      case "Add-VBRCloudSubTenant": {
        const t = need<Obj>(p.Tenant as Obj, "-Tenant");
        if (this.subtenants.some((s) => s.TenantId === t.Id && s.Name === p.Name)) throw new VeeamError(`${cmdlet}: subtenant exists`);
        if (typeof p.Password !== "string" || p.Password.length < 12) throw new VeeamError(`${cmdlet}: no generated password`);
        this.passwords.set(`${String(t.Name)}/${String(p.Name)}`, p.Password);
        const s = { Id: id(), Name: p.Name, TenantId: t.Id, Description: p.Description ?? "", Enabled: !p.Disabled, Resources: asList(p.Resources) };
        this.subtenants.push(s);
        return s;
      }
      case "Set-VBRCloudSubTenant": {
        const sub = need<Obj>(p.SubTenant as Obj, "-SubTenant");
        if (p.Resources !== undefined) sub.Resources = asList(p.Resources);
        if (p.Description !== undefined) sub.Description = p.Description;
        return sub;
      }
      case "Remove-VBRCloudSubTenant":
        for (const s of asList(p.SubTenant)) this.subtenants = this.subtenants.filter((x) => x !== s);
        return null;
      default:
        throw new ContractError(`the fake does not implement ${cmdlet}`);
    }
  }

  private add(list: Obj[], o: Obj): Obj {
    list.push(o);
    return o;
  }

  private setTenant(t: Obj, p: Obj, adding: boolean): void {
    const flag = (v: unknown) => v === true || v === undefined;
    if (p.Name !== undefined && !adding) t.Name = p.Name;
    if (p.Description !== undefined || adding) t.Description = p.Description ?? "";
    if (p.EnableLeaseExpiration !== undefined) {
      t.LeaseExpirationEnabled = flag(p.EnableLeaseExpiration);
      t.LeaseExpirationDate = t.LeaseExpirationEnabled ? p.LeaseExpirationDate : null;
    } else if (adding) {
      t.LeaseExpirationEnabled = false;
      t.LeaseExpirationDate = null;
    }
    if (p.EnableThrottling !== undefined) {
      t.ThrottlingEnabled = flag(p.EnableThrottling);
      if (t.ThrottlingEnabled) {
        if (p.ThrottlingUnit === undefined) throw new VeeamError("Set/Add-VBRCloudTenant: the throttling unit must be given (it defaults to MbytePerSec)");
        t.ThrottlingValue = p.ThrottlingValue;
        t.ThrottlingUnit = p.ThrottlingUnit;
      }
    } else if (adding) {
      t.ThrottlingEnabled = false;
      t.ThrottlingValue = 0;
      t.ThrottlingUnit = "MbytePerSec";
    }
    if (p.MaxConcurrentTask !== undefined) t.MaxConcurrentTask = p.MaxConcurrentTask;
    else if (adding) t.MaxConcurrentTask = 1;
    if (p.GatewaySelectionType !== undefined) t.GatewaySelectionType = p.GatewaySelectionType;
    else if (adding) t.GatewaySelectionType = "StandaloneGateways";
    if (p.GatewayPool !== undefined) t.GatewayPool = asList(p.GatewayPool);
    else if (adding || p.GatewaySelectionType === "StandaloneGateways") t.GatewayPool = [];
    if (p.EnableGatewayFailover !== undefined) t.GatewayFailoverEnabled = flag(p.EnableGatewayFailover);
    else if (adding) t.GatewayFailoverEnabled = false;
    if (p.Resources !== undefined) t.Resources = asList(p.Resources).flat();
    else if (adding) t.Resources = [];
    if (p.ReplicationResources !== undefined) t.ReplicationResources = p.ReplicationResources;
    else if (p.EnableReplicationResorces === false) t.ReplicationResources = null;
    else if (adding) t.ReplicationResources = null;
  }
}

function asList(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function shapeOf(v: unknown): ArgShape {
  if (typeof v === "number") return "number";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (v instanceof Date) return "date";
  if (Array.isArray(v)) return "list";
  return "object";
}

/** One apply run: its variables, secrets and generated passwords. */
class Run {
  readonly vars = new Map<string, unknown>();
  readonly newPasswords: Record<string, string> = {};

  constructor(
    private readonly veeam: FakeVeeam,
    private readonly env: RunEnvironment,
  ) {
    this.vars.set("WindowsCredentials", "vcc-iac-windows");
    this.vars.set("LinuxCredentials", "vcc-iac-linux");
  }

  statement(c: Call): void {
    if (c.unlessSet && this.vars.get(c.unlessSet)) return;
    const result = this.call(c);
    if (c.assign) this.vars.set(c.assign, result);
  }

  private call(c: Call): unknown {
    const params = c.params.map(([name, arg]) => ({ name, shape: this.shape(arg), value: this.value(arg) }));
    return this.veeam.invoke(c.cmdlet, params);
  }

  private shape(a: Arg): ArgShape {
    switch (a.kind) {
      case "text":
      case "secret":
      case "secret-file":
      case "password":
      case "fingerprinted":
        return "string";
      case "secure-secret":
        return "string";
      case "number":
        return "number";
      case "switch":
        return "switch";
      case "bool":
        return "bool";
      case "enum":
        return "enum";
      case "date":
        return "date";
      case "list":
        return "list";
      case "var": {
        const v = this.vars.get(a.name);
        return typeof v === "string" ? "string" : Array.isArray(v) ? "list" : "object";
      }
      default:
        return "object";
    }
  }

  value(a: Arg): unknown {
    switch (a.kind) {
      case "text":
      case "enum":
        return a.value;
      case "number":
        return a.value;
      case "switch":
        return true;
      case "bool":
        return a.value;
      case "date":
        return new Date(`${a.value}T23:59:59Z`);
      case "var":
        if (!this.vars.has(a.name)) throw new VeeamError(`$${a.name} was never set`);
        return this.vars.get(a.name);
      case "list":
        return a.items.map((x) => this.value(x)).flat();
      case "secret":
      case "secure-secret":
        return this.secret(a.key);
      case "secret-file":
        this.secret(a.key);
        return `secret-file:${a.key}`;
      case "password": {
        const password = crypto.randomBytes(18).toString("base64");
        this.newPasswords[a.account] = password;
        return password;
      }
      case "fingerprinted":
        return `${a.text} fp=${this.fingerprint(a.keys)}`;
      case "lookup": {
        let v = this.call(a.call);
        if (a.member) v = Array.isArray(v) ? v.flatMap((x) => asList(valueAt(x, a.member as string))) : valueAt(v, a.member);
        if (a.where) {
          const list = asList(v).filter((x) => matches(x, a.where as Filter, this.vars, this));
          v = list.length === 0 ? null : list.length === 1 ? list[0] : list;
        }
        if (a.first) v = asList(v)[0] ?? null;
        return v;
      }
    }
  }

  private secret(key: string): string {
    const v = this.env.secrets[key];
    if (v === undefined) throw new VeeamError(`the secret '${key}' is not on the server`);
    return v;
  }

  fingerprint(keys: readonly string[]): string {
    return crypto.createHash("sha256").update(keys.map((k) => this.secret(k)).join("\n"), "utf8").digest("hex").slice(0, 16);
  }

  holds(c: Condition): boolean {
    if (c.kind === "certificate-differs") {
      const thumbprint = this.env.pfx?.[c.pfxFile];
      if (!thumbprint) throw new VeeamError(`the certificate file ${c.pfxFile} is not on the server`);
      this.vars.set("VccCertificateThumbprint", thumbprint);
      const current = (this.veeam.certificate as Obj | null)?.Thumbprint;
      if (current === thumbprint) return false;
      // Import-VccPfx: the certificate enters the machine's store.
      if (!this.veeam.certificateStore.some((x) => x.Thumbprint === thumbprint)) this.veeam.certificateStore.push({ Thumbprint: thumbprint });
      return true;
    }
    const account = this.value(c.account) as Obj | null;
    return account === null || account.Description !== `${c.description} fp=${this.fingerprint(c.keys)}`;
  }
}

function matches(o: unknown, f: Filter, vars: Map<string, unknown>, run: Run): boolean {
  const v = valueAt(o, f.property);
  if ("eq" in f) return v === f.eq;
  if ("eqVar" in f) return v === vars.get(f.eqVar);
  if ("eqIdOf" in f) return v === valueAt(run.value(f.eqIdOf), "Id");
  if ("like" in f) return typeof v === "string" && (f.like.endsWith("*") ? v.startsWith(f.like.slice(0, -1)) : v === f.like);
  return !f.notIn.includes(String(v));
}
