import type * as C from "../config/config.generated";
import { Path } from "../diagnostics/finding";

/** The four kinds of host a backup server owns (the backup server itself is the fifth, implicit). */
export type HostKind = "gateway" | "proxy" | "wanAccelerator" | "networkExtensionAppliance";

export const HOST_LISTS: ReadonlyArray<{ kind: HostKind; list: keyof C.BackupServer; label: string }> = [
  { kind: "gateway", list: "gateways", label: "gateway" },
  { kind: "proxy", list: "proxies", label: "proxy" },
  { kind: "wanAccelerator", list: "wanAccelerators", label: "WAN accelerator" },
  { kind: "networkExtensionAppliance", list: "networkExtensionAppliances", label: "network extension appliance" },
];

export interface HostEntry {
  readonly kind: HostKind;
  readonly label: string;
  readonly host: C.Gateway | C.Proxy | C.WanAccelerator | C.NetworkExtensionAppliance;
  readonly path: Path;
}

export interface ServerEntry {
  readonly server: C.BackupServer;
  readonly index: number;
  readonly path: Path;
  readonly hosts: readonly HostEntry[];
}

/** What several rules look up: servers by name, their hosts, and where each lives in the file. */
export class Index {
  readonly servers: readonly ServerEntry[];
  private readonly byName = new Map<string, ServerEntry>();

  constructor(readonly config: C.VccIacConfig) {
    this.servers = config.backupServers.map((server, index) => {
      const path: Path = ["backupServers", index];
      const hosts: HostEntry[] = [];
      for (const { kind, list, label } of HOST_LISTS) {
        const items = (server[list] ?? []) as HostEntry["host"][];
        items.forEach((host, i) => hosts.push({ kind, label, host, path: [...path, list, i] }));
      }
      return { server, index, path, hosts };
    });
    // The first server of a name wins; VCC-NAME reports the duplicates.
    for (const s of this.servers) if (!this.byName.has(s.server.name)) this.byName.set(s.server.name, s);
  }

  server(name: string): ServerEntry | undefined {
    return this.byName.get(name);
  }

  private readonly nameSets = new Map<ServerEntry, Map<ComponentKind, ReadonlySet<string>>>();

  /** Whether `entry`'s server has a component of `kind` named `name` (sets built once: 10,000 tenants ask). */
  has(entry: ServerEntry, kind: ComponentKind, name: string): boolean {
    let byKind = this.nameSets.get(entry);
    if (!byKind) this.nameSets.set(entry, (byKind = new Map()));
    let names = byKind.get(kind);
    if (!names) byKind.set(kind, (names = new Set(componentNames(entry, kind))));
    return names.has(name);
  }

  private refs: Reference[] | undefined;

  /** Every by-name reference of the file (see collectReferences), collected once for all rules. */
  get references(): readonly Reference[] {
    return (this.refs ??= collectReferences(this));
  }

  get tenants(): readonly C.Tenant[] {
    return this.config.tenants ?? [];
  }
}

/** The kinds of component a tenant or a pool refers to by name, within one backup server. */
export type ComponentKind = "repository" | "gatewayPool" | "gateway" | "hardwarePlan" | "wanAccelerator" | "networkExtensionAppliance" | "host";

export const COMPONENT_LABEL: Record<ComponentKind, string> = {
  repository: "repository",
  gatewayPool: "gateway pool",
  gateway: "gateway",
  hardwarePlan: "hardware plan",
  wanAccelerator: "WAN accelerator",
  networkExtensionAppliance: "network extension appliance",
  host: "host",
};

export function componentNames(entry: ServerEntry, kind: ComponentKind): string[] {
  const s = entry.server;
  switch (kind) {
    case "repository":
      return s.repositories.map((r) => r.name);
    case "gatewayPool":
      return (s.gatewayPools ?? []).map((p) => p.name);
    case "gateway":
      return s.gateways.map((g) => g.name);
    case "hardwarePlan":
      return (s.hardwarePlans ?? []).map((p) => p.name);
    case "wanAccelerator":
      return (s.wanAccelerators ?? []).map((w) => w.name);
    case "networkExtensionAppliance":
      return (s.networkExtensionAppliances ?? []).map((a) => a.name);
    case "host":
      // A repository's gatewayServers names a cloud host; appliances are no cloud hosts.
      return entry.hosts.filter((h) => h.kind !== "networkExtensionAppliance").map((h) => h.host.name);
  }
}

/** A reference from a tenant or a pool to a named component of its own backup server. */
export interface Reference {
  readonly kind: ComponentKind;
  readonly name: string;
  readonly path: Path;
  /** The backup server the referring object belongs to. */
  readonly owner: ServerEntry;
  /** Who refers, for messages: "tenant 'Contoso Ltd'", "pool 'pool-eu'". */
  readonly from: string;
}

/**
 * Every by-name reference of the file whose owning server is known (Index.references keeps them).
 * VCC-REF reports those that name nothing anywhere, VCC-ISO-CROSS those that name a component of
 * another server.
 */
function collectReferences(index: Index): Reference[] {
  const refs: Reference[] = [];
  for (const owner of index.servers) {
    const s = owner.server;
    (s.gatewayPools ?? []).forEach((pool, p) =>
      pool.gateways.forEach((name, g) =>
        refs.push({ kind: "gateway", name, path: [...owner.path, "gatewayPools", p, "gateways", g], owner, from: `gateway pool '${pool.name}'` }),
      ),
    );
    s.repositories.forEach((repo, r) =>
      (repo.gatewayServers ?? []).forEach((name, g) =>
        refs.push({ kind: "host", name, path: [...owner.path, "repositories", r, "gatewayServers", g], owner, from: `repository '${repo.name}'` }),
      ),
    );
  }
  index.tenants.forEach((t, ti) => {
    const owner = index.server(t.backupServer);
    if (!owner) return;
    const at: Path = ["tenants", ti];
    const from = `tenant ${JSON.stringify(t.name)}`;
    (t.gatewayPools ?? []).forEach((name, i) => refs.push({ kind: "gatewayPool", name, path: [...at, "gatewayPools", i], owner, from }));
    (t.backup ?? []).forEach((q, i) => {
      refs.push({ kind: "repository", name: q.repository, path: [...at, "backup", i, "repository"], owner, from });
      if (q.wanAccelerator) refs.push({ kind: "wanAccelerator", name: q.wanAccelerator, path: [...at, "backup", i, "wanAccelerator"], owner, from });
    });
    (t.replication ?? []).forEach((r, i) => {
      refs.push({ kind: "hardwarePlan", name: r.hardwarePlan, path: [...at, "replication", i, "hardwarePlan"], owner, from });
      if (r.wanAccelerator) refs.push({ kind: "wanAccelerator", name: r.wanAccelerator, path: [...at, "replication", i, "wanAccelerator"], owner, from });
    });
    if (t.networkExtension) {
      refs.push({ kind: "networkExtensionAppliance", name: t.networkExtension.appliance, path: [...at, "networkExtension", "appliance"], owner, from });
    }
  });
  return refs;
}

/** Where a reference's name is found: in its own server, only in others, or nowhere. */
export function locate(index: Index, ref: Reference): { own: boolean; others: ServerEntry[] } {
  const own = index.has(ref.owner, ref.kind, ref.name);
  const others = own ? [] : index.servers.filter((s) => s !== ref.owner && index.has(s, ref.kind, ref.name));
  return { own, others };
}
