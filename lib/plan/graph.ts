import { STORAGE } from "../domain/storage";
import * as M from "../model/model";

/** A DOT string literal: the YAML's names and tenant names are arbitrary text. */
function q(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, "\\n")}"`;
}


const COLORS = { server: "#dbe9f6", gateway: "#c7e5c8", proxy: "#f3e3c3", wan: "#eadcf2", nea: "#f5d5d5", repo: "#fdf3c4", tenant: "#ffffff" };

/** What to draw. */
export interface GraphOptions {
  /**
   * Only this backup server (and its tenants).
   * @default every backup server
   */
  readonly server?: string;
  /**
   * One node per backup server for all its tenants (their count, tasks and the GB sold per pool
   * and repository) instead of a node per tenant: for estates of hundreds of tenants.
   * @default false
   */
  readonly summary?: boolean;
}

/** The legend: what each colour, shape and line means. */
function legend(): string[] {
  const item = (key: string, label: string, extra = "") => `    ${q(`legend/${key}`)} [label=${q(label)}${extra}];`;
  return [
    "  subgraph cluster_legend {",
    '    label="Legend"; style="dashed"; color="#bbbbbb"; fontsize=10;',
    item("server", "backup server", `, fillcolor=${q(COLORS.server)}`),
    item("gateway", "cloud gateway\nDNS name:port", `, fillcolor=${q(COLORS.gateway)}`),
    item("proxy", "proxy (data mover)", `, fillcolor=${q(COLORS.proxy)}`),
    item("wan", "WAN accelerator", `, fillcolor=${q(COLORS.wan)}`),
    item("nea", "network extension", `, fillcolor=${q(COLORS.nea)}`),
    item("repo", "repository", `, shape=cylinder, fillcolor=${q(COLORS.repo)}`),
    item("tenant", "tenant", `, fillcolor=${q(COLORS.tenant)}`),
    `    ${q("legend/tenant")} -> ${q("legend/gateway")} [color="#2e7d32", xlabel="connects through"];`,
    `    ${q("legend/tenant")} -> ${q("legend/repo")} [color="#b8860b", xlabel="quota (GB)"];`,
    `    ${q("legend/proxy")} -> ${q("legend/repo")} [style=dashed, color="#999999", xlabel="moves data"];`,
    "  }",
  ];
}

/**
 * The estate as a Graphviz diagram in the spirit of Veeam's infrastructure figures: the SP side
 * (a cluster per backup server with its gateways by pool, proxies, WAN accelerators, appliances and
 * repositories by provider) and the tenant side (each tenant linked to the gateways or pool it uses
 * and to its quotas), with a legend. One edge per tenant and pool rather than per gateway keeps 50
 * tenants readable; `summary` draws a server's tenants as one node for larger estates. Edge labels
 * are xlabels, placed beside their edge rather than on it or over a cluster's title.
 */
export function toDot(model: M.Model, options: GraphOptions = {}): string {
  const servers = model.backupServers.filter((s) => options.server === undefined || s.name === options.server);
  const tenants = model.tenants.filter((t) => servers.includes(t.backupServer));
  const lines: string[] = [
    "digraph cloudconnect {",
    "  graph [rankdir=LR, compound=true, forcelabels=true, fontname=Helvetica, fontsize=12, nodesep=0.25, ranksep=1.2, labelloc=t, label=" +
      q(`Veeam Cloud Connect: ${model.name}${options.server ? `, backup server ${options.server}` : ""}`) +
      "];",
    '  node [shape=box, style="rounded,filled", fontname=Helvetica, fontsize=10, margin="0.2,0.08"];',
    "  edge [fontname=Helvetica, fontsize=9, color=\"#666666\"];",
  ];
  const id = (...parts: string[]) => q(parts.join("/"));
  lines.push(...legend());
  lines.push('  subgraph cluster_tenants {', '    label="Tenants"; style="dashed"; color="#999999";');
  if (options.summary) {
    for (const s of servers) {
      const own = tenants.filter((t) => t.backupServer === s);
      const tasks = own.reduce((n, t) => n + t.maxConcurrentTasks, 0);
      lines.push(`    ${id("tenants", s.name)} [label=${q(`${own.length} tenant(s) of ${s.name}\n${tasks} tasks`)}, fillcolor=${q(COLORS.tenant)}];`);
    }
  } else {
    for (const t of tenants) {
      const label = `${t.name}${t.enabled ? "" : " (disabled)"}\n${t.maxConcurrentTasks} tasks${t.subtenants.length ? `, ${t.subtenants.length} subtenant(s)` : ""}`;
      lines.push(`    ${id("tenant", t.name)} [label=${q(label)}, fillcolor=${q(COLORS.tenant)}];`);
    }
  }
  lines.push("  }");
  for (const s of servers) {
    lines.push(`  subgraph ${q(`cluster_server_${s.name}`)} {`, `    label=${q(`Backup server ${s.name} (${s.cloud}, ${s.region})`)}; style="rounded"; color="#336699";`);
    lines.push(`    ${id(s.name, "server")} [label=${q(`${s.name}\nbackup server`)}, fillcolor=${q(COLORS.server)}];`);
    for (const p of s.gatewayPools) {
      lines.push(`    subgraph ${q(`cluster_pool_${s.name}_${p.name}`)} {`, `      label=${q(`pool ${p.name}`)}; style="dotted";`);
      for (const g of p.gateways) lines.push(`      ${id(s.name, "gateway", g.name)} [label=${q(`${g.name}\n${g.dnsName}:${g.externalPort}`)}, fillcolor=${q(COLORS.gateway)}];`);
      lines.push("    }");
    }
    for (const g of s.gateways.filter((x) => !x.pool)) lines.push(`    ${id(s.name, "gateway", g.name)} [label=${q(`${g.name}\n${g.dnsName}:${g.externalPort}`)}, fillcolor=${q(COLORS.gateway)}];`);
    for (const p of s.proxies) lines.push(`    ${id(s.name, "proxy", p.name)} [label=${q(`${p.name}\nproxy (${p.maxTasks} tasks)`)}, fillcolor=${q(COLORS.proxy)}];`);
    for (const w of s.wanAccelerators) lines.push(`    ${id(s.name, "wan", w.name)} [label=${q(`${w.name}\nWAN accelerator (${w.cacheDiskGb} GB cache)`)}, fillcolor=${q(COLORS.wan)}];`);
    for (const a of s.networkExtensionAppliances) lines.push(`    ${id(s.name, "nea", a.name)} [label=${q(`${a.name}\nnetwork extension`)}, fillcolor=${q(COLORS.nea)}];`);
    for (const storage of [...new Set(s.repositories.map((r) => r.storage))]) {
      lines.push(`    subgraph ${q(`cluster_repos_${s.name}_${storage}`)} {`, `      label=${q(STORAGE[storage].label)}; style="dotted";`);
      for (const r of s.repositories.filter((x) => x.storage === storage)) {
        const where = r.storage === "azure-blob" ? `${r.storageAccount}/${r.container}` : (r.bucket as string);
        const flags = [r.connectionMode, r.immutabilityDays ? `immutable ${r.immutabilityDays} d` : ""].filter(Boolean).join(", ");
        lines.push(`      ${id(s.name, "repo", r.name)} [shape=cylinder, label=${q(`${r.name}\n${where}\n${flags}`)}, fillcolor=${q(COLORS.repo)}];`);
      }
      lines.push("    }");
    }
    for (const g of s.gateways) lines.push(`    ${id(s.name, "gateway", g.name)} -> ${id(s.name, "server")} [arrowhead=none, style=dashed];`);
    for (const r of s.repositories) {
      const movers = r.gatewayServers.length > 0 ? r.gatewayServers.map((h) => id(s.name, h.role === "wanAccelerator" ? "wan" : h.role, h.name)) : [id(s.name, "server")];
      for (const m of movers) lines.push(`    ${m} -> ${id(s.name, "repo", r.name)} [style=dashed, color="#999999"];`);
    }
    lines.push("  }");
    if (options.summary) lines.push(...summaryEdges(s, id));
    else {
      for (const t of s.tenants) {
        const from = id("tenant", t.name);
        if (t.gatewayPools.length > 0) {
          for (const p of t.gatewayPools) lines.push(`  ${from} -> ${id(s.name, "gateway", p.gateways[0].name)} [lhead=${q(`cluster_pool_${s.name}_${p.name}`)}, color="#2e7d32"];`);
        } else {
          for (const g of t.gateways) lines.push(`  ${from} -> ${id(s.name, "gateway", g.name)} [color="#2e7d32"];`);
        }
        for (const quota of t.backup) lines.push(`  ${from} -> ${id(s.name, "repo", quota.repository.name)} [xlabel=${q(`${quota.quotaGb} GB`)}, color="#b8860b"];`);
        for (const r of t.replication) lines.push(`  ${from} -> ${id(s.name, "server")} [xlabel=${q(`plan ${r.hardwarePlan.name}`)}, style=dotted];`);
        if (t.networkExtension) lines.push(`  ${from} -> ${id(s.name, "nea", t.networkExtension.appliance.name)} [style=dotted];`);
      }
    }
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/** A server's tenants as one node: an edge per pool (or unpooled gateway) and per repository, with counts and GB sold. */
function summaryEdges(s: M.BackupServer, id: (...parts: string[]) => string): string[] {
  const from = id("tenants", s.name);
  const out: string[] = [];
  const byPool = new Map<string, number>();
  const byGateway = new Map<string, number>();
  const byRepo = new Map<string, number>();
  for (const t of s.tenants) {
    if (t.gatewayPools.length > 0) for (const p of t.gatewayPools) byPool.set(p.name, (byPool.get(p.name) ?? 0) + 1);
    else for (const g of t.gateways) byGateway.set(g.name, (byGateway.get(g.name) ?? 0) + 1);
    for (const quota of t.backup) byRepo.set(quota.repository.name, (byRepo.get(quota.repository.name) ?? 0) + quota.quotaGb);
  }
  for (const p of s.gatewayPools.filter((x) => byPool.has(x.name))) {
    out.push(`  ${from} -> ${id(s.name, "gateway", p.gateways[0].name)} [lhead=${q(`cluster_pool_${s.name}_${p.name}`)}, color="#2e7d32", xlabel=${q(`${byPool.get(p.name)} tenant(s)`)}];`);
  }
  for (const [g, n] of byGateway) out.push(`  ${from} -> ${id(s.name, "gateway", g)} [color="#2e7d32", xlabel=${q(`${n} tenant(s)`)}];`);
  for (const [r, gb] of byRepo) out.push(`  ${from} -> ${id(s.name, "repo", r)} [color="#b8860b", xlabel=${q(`${gb} GB sold`)}];`);
  return out;
}

/** The diagram as SVG, rendered in-process by Graphviz compiled to WebAssembly. */
export async function toSvg(model: M.Model, options: GraphOptions = {}): Promise<string> {
  const viz = await (require("@viz-js/viz") as typeof import("@viz-js/viz")).instance();
  return viz.renderString(toDot(model, options), { format: "svg" });
}
