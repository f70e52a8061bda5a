/**
 * The Veeam side for people: the desired configuration (`vcc-iac veeam FILE`) and a plan
 * (`--against STATE`), as aligned text or Markdown for a pull request, with the same table
 * printer (and escaping) as `vcc-iac plan`. JSON is the documented shapes as they are.
 */
import { TextFormat, heading, inline, table } from "../plan/render";
import { VeeamDocument, VeeamServerConfig } from "./config";
import { VeeamPlan } from "./reconcile";

const yes = (b: boolean) => (b ? "yes" : "no");
const orNone = (v: string | number | null | undefined) => (v === null || v === undefined || v === "" ? "-" : String(v));
const unknown = (v: string | null) => v ?? "(after terraform apply)";

function server(s: VeeamServerConfig, format: TextFormat): string {
  const out: string[] = [heading(format, 2, `Backup server ${s.name}`)];
  const section = (title: string, headers: string[], rows: Array<Array<string | number>>) => {
    if (rows.length === 0) return;
    out.push("", heading(format, 3, title), "", table(format, headers, rows));
  };
  section("Managed servers", ["host", "added as", "os", "description"], s.managedServers.map((m) => [m.host, unknown(m.name), m.os, m.description]));
  if (s.certificate) section("TLS certificate", ["file", "password from"], [[s.certificate.pfxFile, `environment variable ${s.certificate.passwordEnv}`]]);
  section("Cloud gateways", ["gateway", "server", "mode", "public address", "NAT (external) port", "incoming (internal) port", "DNS name"], s.gateways.map((g) => [g.gateway, unknown(g.server), g.networkMode, unknown(g.ipAddress), g.natPort, g.incomingPort, g.dnsName]));
  section("Gateway pools", ["pool", "gateways"], s.gatewayPools.map((p) => [p.name, p.gateways.join(", ")]));
  section("WAN accelerators", ["accelerator", "server", "global cache"], s.wanAccelerators.map((w) => [w.name, unknown(w.server), `${w.cacheSizeGb} GB per source accelerator`]));
  section("Credentials records", ["record", "kind", "secrets from (on the backup server)"], s.credentials.map((c) => [c.key, c.kind, Object.values(c.secrets).map((r) => ("env" in r ? `environment ${r.env}` : `Terraform output ${r.output}`)).filter((x, i, all) => all.indexOf(x) === i).join(", ")]));
  section(
    "Object storage repositories",
    ["repository", "type", "bucket or container", "folder", "region", "connection", "gateway servers", "immutability", "access permissions"],
    s.repositories.map((r) => [
      r.name,
      r.type,
      r.storageAccount ? `${r.storageAccount}/${r.bucket}` : r.bucket,
      r.folder,
      orNone(r.region),
      r.connectionType,
      r.connectionType === "Gateway" ? (r.gatewayServers.length > 0 ? r.gatewayServers.map(unknown).join(", ") : "the backup server") : "-",
      r.immutabilityDays === null ? "off" : `${r.immutabilityDays} d`,
      r.securityOptions?.accessControlPolicy ?? "-",
    ]),
  );
  if (s.publicIps.length > 0) section("Public IP addresses", ["addresses"], [[`${s.publicIps[0]} ... ${s.publicIps[s.publicIps.length - 1]} (${s.publicIps.length})`]]);
  section(
    "Hardware plans",
    ["plan", "platform", "host", "CPU", "memory", "storage", "networks (internet / internal)"],
    s.hardwarePlans.map((p) => [
      p.name,
      p.platform,
      p.host,
      p.cpuMhz === null ? "unlimited" : `${p.cpuMhz} MHz`,
      p.memoryGb === null ? "unlimited" : `${p.memoryGb} GB`,
      p.datastores.map((d) => `${d.friendlyName}: ${d.datastore} ${d.quotaGb} GB`).join("; "),
      `${p.networksWithInternet} / ${p.networksWithoutInternet}`,
    ]),
  );
  section(
    "Tenants",
    ["tenant", "enabled", "lease expires", "throttling", "max tasks", "gateways", "backup quotas", "replication"],
    s.tenants.map((t) => [
      t.name,
      yes(t.enabled),
      orNone(t.leaseExpires),
      t.throttling ? `${t.throttling.value} ${t.throttling.unit}` : "-",
      t.maxConcurrentTasks,
      t.gatewaySelection === "GatewayPool" ? `pools ${t.gatewayPools.join(", ")}${t.gatewayFailover ? " (failover to unpooled)" : ""}` : "unpooled gateways",
      t.quotas.map((b) => `${b.friendlyName}: ${b.quotaGb} GB on ${b.repository}${b.wanAccelerator ? ` via ${b.wanAccelerator}` : ""}`).join("; ") || "-",
      t.replication
        ? [...t.replication.hardwarePlans.map((h) => `${h.hardwarePlan}${h.wanAccelerator ? ` via ${h.wanAccelerator}` : ""}`), ...(t.replication.networkExtension ? [`appliance ${orNone(t.replication.networkExtension.ipAddress)}, ${t.replication.networkExtension.publicIps} public IPs`] : [])].join("; ")
        : "-",
    ]),
  );
  section("Subtenants", ["subtenant", "of tenant", "quota"], s.tenants.flatMap((t) => t.subtenants.map((x) => [x.name, t.name, x.quotaGb === null ? `unlimited (from ${x.friendlyName})` : `${x.quotaGb} GB from ${x.friendlyName}`])));
  return out.join("\n");
}

/** `vcc-iac veeam FILE`: the desired configuration, per backup server. */
export function renderDesired(doc: VeeamDocument, format: TextFormat): string {
  const out = [heading(format, 1, `Veeam configuration: ${doc.serviceProvider}`), ""];
  for (const s of doc.backupServers) out.push(server(s, format), "");
  if (doc.missing.length > 0) {
    out.push(heading(format, 2, "Known after terraform apply"), "", `Give the stacks' outputs (--terraform-outputs, the files of 'terraform output -json') for:`, "");
    out.push(table(format, ["what"], doc.missing.map((m) => [m])));
  }
  return `${out.join("\n").trimEnd()}\n`;
}

/** A plan: DANGER first, then every change in the order the apply script makes it. */
export function renderVeeamPlan(plan: VeeamPlan, format: TextFormat): string {
  const out: string[] = [heading(format, 2, `Veeam plan: backup server ${plan.backupServer} (read on ${plan.computer})`), ""];
  const count = (a: string) => plan.changes.filter((c) => c.action === a).length;
  out.push(`${count("add")} to add, ${count("change")} to change, ${count("remove")} to remove; ${count("ensure")} checked on the server; ${count("unmanaged")} not in the file (left alone); ${count("blocked")} blocked.`);
  const dangerous = plan.changes.filter((c) => c.dangerous);
  if (dangerous.length > 0) {
    out.push("", format === "markdown" ? `> **DANGER: ${dangerous.length} change(s) risk tenants' data or access**` : `DANGER: ${dangerous.length} change(s) risk tenants' data or access`, "");
    out.push(table(format, ["action", "object", "name", "why"], dangerous.map((c) => [c.action, c.kind, c.name, c.note ?? "-"])));
  }
  const acting = plan.changes.filter((c) => c.action !== "unmanaged");
  if (acting.length === 0) out.push("", "No changes: the backup server has the configuration the file describes.");
  else {
    out.push("", heading(format, 3, "In the order the apply script makes them"), "");
    out.push(
      table(
        format,
        ["#", "action", "object", "name", "what (before -> after)", "note"],
        acting.map((c, i) => [i + 1, `${c.dangerous ? "!! " : ""}${c.action}`, c.kind, c.name, c.details.map((d) => `${d.what}: ${d.from} -> ${d.to}`).join("; ") || "-", c.note ?? "-"]),
      ),
    );
  }
  const left = plan.changes.filter((c) => c.action === "unmanaged");
  if (left.length > 0) {
    out.push("", heading(format, 3, "In Veeam, not in the file: left alone"), "");
    out.push(table(format, ["object", "name", "note"], left.map((c) => [c.kind, c.name, c.note ?? "-"])));
  }
  if (plan.pending.length > 0) {
    out.push("", heading(format, 3, "Known after terraform apply"), "");
    out.push(inline(format, `Shown as '(known after apply: ...)': Terraform makes them; the apply script is written once this server's stacks are applied and their outputs given.`), "");
    out.push(table(format, ["what"], plan.pending.map((m) => [m])));
  }
  if (plan.passwords.length > 0) {
    out.push("", inline(format, `New accounts get a password generated on the server, written to the apply script's -PasswordFile: ${plan.passwords.join(", ")}.`));
  }
  return `${out.join("\n")}\n`;
}

/** The plan as JSON: the documented shape without the calls (the apply script is their rendering). */
export function planJson(plan: VeeamPlan): object {
  return { ...plan, changes: plan.changes.map(({ calls, when, ...rest }) => ({ ...rest, cmdlets: calls.map((c) => c.cmdlet), ...(when ? { checkedOnServer: when.kind } : {}) })) };
}
