import { displayWidth, padDisplay } from "../util/width";
import { markdownText, terminalText } from "../util/escape";
import { PlanDocument } from "./plan";

export type TextFormat = "text" | "markdown";

/** Text escaped for its medium: Markdown for a pull-request comment, a terminal otherwise. */
export function inline(format: TextFormat, s: string | number): string {
  return format === "markdown" ? markdownText(String(s)) : terminalText(String(s));
}

/**
 * The one table printer of every command: aligned text columns measured in display width (wide
 * characters take two), or a Markdown table. Every cell is escaped for its medium.
 */
export function table(format: TextFormat, headers: readonly string[], rows: ReadonlyArray<readonly (string | number)[]>): string {
  const cells = rows.map((r) => r.map((c) => inline(format, c)));
  const head = headers.map((h) => inline(format, h));
  if (format === "markdown") {
    return [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...cells.map((r) => `| ${r.join(" | ")} |`)].join("\n");
  }
  const widths = head.map((h, i) => Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[i]))));
  const line = (r: readonly string[]) => r.map((c, i) => padDisplay(c, widths[i])).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

/** A heading; its text is escaped like a cell. */
export function heading(format: TextFormat, level: number, text: string): string {
  const t = inline(format, text);
  return format === "markdown" ? `${"#".repeat(level)} ${t}` : level <= 2 ? `${t}\n${(level === 1 ? "=" : "-").repeat(displayWidth(t))}` : `${t}:`;
}

const hours = (h?: number) => (h === undefined ? "-" : h % 24 === 0 ? `${h / 24} d` : `${h} h`);

/**
 * The plan for people: a section per backup server, then stacks, exceptions and warnings.
 * `lead` (a review's changes, DANGER first) comes right after the title, before the estate.
 */
export function renderPlan(plan: PlanDocument, format: TextFormat, lead?: string): string {
  const out: string[] = [heading(format, 1, `Cloud Connect plan: ${plan.serviceProvider}`)];
  if (lead !== undefined) out.push("", lead.trimEnd());
  for (const s of plan.backupServers) {
    out.push("", heading(format, 2, `Backup server ${s.name} (${s.cloud}, ${s.region})`));
    out.push("", heading(format, 3, "Hosts"), "", table(format, ["host", "role", "os", "size", "machine type", "sized by"], s.hosts.map((h) => [h.name, h.role, h.os, h.vcpu ? `${h.vcpu} vCPU / ${h.memoryGb} GB` : "-", h.machineType, h.rule])));
    out.push("", heading(format, 3, "Gateways"), "", table(format, ["gateway", "DNS name", "port", "mode", "pool"], s.gateways.map((g) => [g.name, g.dnsName, g.listenPort === g.externalPort ? g.externalPort : `${g.externalPort} -> ${g.listenPort}`, g.networkMode, g.pool ?? "-"])));
    out.push(
      "",
      heading(format, 3, "Repositories"),
      "",
      table(
        format,
        ["repository", "storage", "bucket", "mode", "immutability", "Veeam connects with", "tenants get", "lifetime", "renewed under", "sold / capacity"],
        s.repositories.map((r) => [
          r.name,
          r.storage,
          r.location,
          r.connectionMode,
          r.immutabilityDays ? `${r.immutabilityDays} d` : "-",
          r.veeamCredentials,
          r.credentials.kind === "none" ? "nothing (data through the gateways)" : `${r.credentials.kind}${r.tenantUsers ? " (a user per tenant, created by Veeam)" : ""}`,
          hours(r.credentials.lifetimeHours),
          hours(r.credentials.renewBeforeHours),
          `${r.soldGb} GB / ${r.capacityGb !== undefined ? `${r.capacityGb} GB` : "-"}`,
        ]),
      ),
    );
    out.push(
      "",
      heading(format, 3, "Tenants"),
      "",
      table(
        format,
        ["tenant", "tasks", "pools", "quotas", "subtenants", "hardware plans"],
        s.tenants.map((t) => [
          `${t.name}${t.enabled ? "" : " (disabled)"}`,
          t.maxConcurrentTasks,
          t.gatewayPools.join(", ") || "(unpooled)",
          t.quotas.map((q) => `${q.friendlyName}: ${q.quotaGb} GB`).join("; ") || "-",
          t.subtenants.map((x) => `${x.name} (${x.quotaGb === "unlimited" ? "unlimited" : `${x.quotaGb} GB`})`).join(", ") || "-",
          t.hardwarePlans.join(", ") || "-",
        ]),
      ),
    );
    const c = s.capacity;
    out.push(
      "",
      heading(format, 3, "Capacity"),
      "",
      table(format, ["what", "needed", "carried", "with one gateway down (N+1)", "rule"], [
        ...c.gatewayGroups.map((g) => [`tenants' tasks on ${g.group} (${g.gateways} gateway${g.gateways === 1 ? "" : "s"})`, g.tenantTasks, g.carriedAllUp, g.gateways === 1 ? "0: one gateway is not N+1" : g.carriedOneDown, c.gatewayRule]),
        ...(c.proxies ? [["tenants' concurrent tasks on the proxies", c.tenantTasks, c.proxies.carried, "-", c.proxies.rule]] : []),
        ...(c.wanCacheDiskGb > 0 ? [["WAN accelerator cache disks", `${c.wanCacheDiskGb} GB`, "-", "-", "sourceAccelerators x cacheGb"]] : []),
      ]),
    );
  }
  out.push("", heading(format, 2, "Stacks"), "", table(format, ["stack", "provider", "resources"], plan.stacks.map((s) => [s.name, s.provider, s.resources])));
  if (plan.securityExceptions.length > 0) {
    out.push("", heading(format, 2, "Security exceptions in force"), "", table(format, ["check", "cloud", "what", "why"], plan.securityExceptions.map((e) => [e.check, e.cloud, e.scope ? `${e.title} (${e.scope})` : e.title, e.reason])));
  }
  out.push("", heading(format, 2, "Warnings"), "");
  out.push(plan.warnings.length === 0 ? "none" : plan.warnings.map((w) => (format === "markdown" ? `- ${inline(format, w)}` : inline(format, w))).join("\n"));
  return `${out.join("\n")}\n`;
}
