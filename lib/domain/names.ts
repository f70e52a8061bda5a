/**
 * Every cloud-side name vcc-iac derives from the file, written once: the constructs name their
 * resources with these functions, and VCC-NAME checks that no two resources in one namespace (an
 * AWS account, a Google project, an Azure subscription, an S3-compatible storage's IAM) would get
 * the same name. A test checks that every name in every synthesized stack comes from here.
 */
import { createHash } from "crypto";
import type * as M from "../model/model";
import { HostGroup, portMatrix } from "./ports";
import { STORAGE, endpointHost } from "./storage";

/**
 * A cloud resource name from parts, at most `max` characters. When the parts are too long, the
 * tail is cut and replaced by a short hash of the whole, so the name stays unique and the same on
 * every run.
 */
export function boundedName(parts: readonly string[], max: number, separator = "-"): string {
  const full = parts.filter((p) => p !== "").join(separator);
  if (full.length <= max) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
  return `${full.slice(0, max - hash.length - 1).replace(/[-_.]+$/, "")}${separator}${hash}`;
}

/** The prefix of every name of one backup server's resources: `<metadata.name>-<server>`. */
export function serverPrefix(serviceProvider: string, server: string): string {
  return `${serviceProvider}-${server}`;
}

/** AWS limits an IAM user name to 64 characters, a managed policy name to 128. */
const IAM_USER_MAX = 64;
const IAM_POLICY_MAX = 128;

/** IAM path of everything vcc-iac creates for one backup server (paths do not make names unique). */
export function iamPath(serviceProvider: string, server: string): string {
  return `/vcc-iac/${serviceProvider}/${server}/`;
}

/** The IAM user Veeam connects to a server's storage with (on AWS, or on an S3-compatible storage's IAM). */
export function veeamUserName(serviceProvider: string, server: string): string {
  return boundedName([serviceProvider, server, "veeam"], IAM_USER_MAX);
}

/** The managed policy of that user. */
export function veeamPolicyName(serviceProvider: string, server: string): string {
  return boundedName([serviceProvider, server, "veeam"], IAM_POLICY_MAX);
}

/** An EC2 launch template of a server's hosts (names are unique per account and region). */
export function launchTemplateName(serviceProvider: string, server: string, os: string): string {
  return `${serverPrefix(serviceProvider, server)}-${os}`;
}

/**
 * Azure's length limits of the names vcc-iac gives (Azure, "Naming rules and restrictions for Azure
 * resources", https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules):
 * longer names are shortened with a hash, so they stay distinct.
 */
export const AZURE_NAME_MAX = {
  resourceGroup: 90,
  virtualMachine: 64,
  networkInterface: 80,
  publicIp: 80,
  disk: 80,
  deployment: 64,
  virtualNetwork: 64,
  networkSecurityGroup: 80,
  applicationSecurityGroup: 80,
  natGateway: 80,
} as const;

/** An Azure resource name within its limit (`AZURE_NAME_MAX`). */
export function azureName(kind: keyof typeof AZURE_NAME_MAX, ...parts: string[]): string {
  return boundedName(parts, AZURE_NAME_MAX[kind]);
}

/** A server's Azure resource group (unique per subscription). */
export function azureResourceGroupName(serviceProvider: string, server: string): string {
  return azureName("resourceGroup", serverPrefix(serviceProvider, server));
}

/**
 * A Google resource name or id: lowercase letters, digits and hyphens, starting with a letter and
 * not ending with a hyphen, at most `max` characters (shortened with a hash, so it stays unique).
 */
export function googleName(parts: readonly string[], max: number): string {
  const raw = parts
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-+|-+$/g, "");
  const name = boundedName([/^[a-z]/.test(raw) ? raw : `x-${raw}`], max).replace(/-+$/, "");
  return name.length >= 6 ? name : `${name}-vcc`.slice(0, max);
}

/** A Google service account id: 6 to 30 characters. */
export function googleServiceAccountId(serviceProvider: string, server: string, what: string): string {
  return googleName([serviceProvider, server, what], 30);
}

/** A Google resource of a server (network, firewall, instance, address, disk): at most 63 characters. */
export function googleResourceName(serviceProvider: string, server: string, ...what: string[]): string {
  return googleName([serviceProvider, server, ...what], 63);
}

/** A Google custom role id: letters, digits, underscores and dots, 3 to 64 characters. */
export function googleCustomRoleId(serviceProvider: string, server: string, what: string): string {
  return boundedName([["vcciac", serviceProvider, server, what].join("_").replace(/[^a-zA-Z0-9_.]/g, "_")], 64, "_");
}

/** Where a derived name must be unique. */
export interface NameScope {
  /** `aws:<account>`, `aws:<account>:<region>`, `google:<project>`, `azure:<subscription>`, `s3c-iam:<host>`. */
  readonly key: string;
  /** What kind of resource, for the message ("IAM user", "Google service account"). */
  readonly kind: string;
}

/** A name some backup server's stacks will create, and where in the file it comes from. */
export interface DerivedName {
  readonly scope: NameScope;
  readonly name: string;
  /** Which resource of its server it is ("the boot disk of host gw-1"): one resource may be listed twice. */
  readonly resource: string;
  /** The backup server whose resource it is. */
  readonly server: string;
  /** The server's index in backupServers (for the finding's position). */
  readonly serverIndex: number;
}

/** Short words for host groups, in names that must stay short (Google service account ids). */
export const GROUP_SHORT: Readonly<Record<HostGroup, string>> = {
  "server-windows": "server",
  "gateway-windows": "gw-win",
  "gateway-linux": "gw-lnx",
  "proxy-windows": "px-win",
  "proxy-linux": "px-lnx",
  "wanAccelerator-windows": "wan-win",
  "wanAccelerator-linux": "wan-lnx",
};

/** A Google firewall rule of a flow of the port matrix, in one direction. */
export function googleFirewallName(serviceProvider: string, server: string, flowId: string, direction: "in" | "out"): string {
  return googleResourceName(serviceProvider, server, flowId.replace(/wanAccelerator/g, "wan").toLowerCase(), direction);
}

/** A host's cache disk (WAN accelerators), on every cloud. */
export function cacheDiskName(serviceProvider: string, server: string, host: string): string {
  return `${serverPrefix(serviceProvider, server)}-${host}-cache`;
}

/** The providers (stacks) a server uses: its own cloud's, and each of its repositories' storage's. */
export function providersOf(s: M.BackupServer): Set<"aws" | "azure" | "google"> {
  return new Set([s.cloud, ...s.repositories.map((r) => STORAGE[r.storage].provider)]);
}

/**
 * The names of every resource of the model that lives in a namespace shared with other backup
 * servers (an AWS account, a Google project, an Azure subscription, an S3-compatible storage's
 * IAM). Names scoped to a server's own VPC or resource group cannot collide across servers and are
 * unique within one by the format's own uniqueness rules. Accounts a file does not declare are one
 * unknown scope: the environment's credentials may well point two servers at the same one.
 */
export function derivedNames(model: M.Model): DerivedName[] {
  const out: DerivedName[] = [];
  model.backupServers.forEach((s, serverIndex) => {
    const add = (key: string, kind: string, name: string, resource: string) => out.push({ scope: { key, kind }, name, resource, server: s.name, serverIndex });
    const sp = model.name;
    const providers = providersOf(s);
    if (providers.has("aws")) {
      const account = `aws:${s.account.aws?.accountId ?? "(the environment's account)"}`;
      add(account, "IAM user", veeamUserName(sp, s.name), "Veeam's IAM user");
      add(account, "IAM policy", veeamPolicyName(sp, s.name), "Veeam's IAM policy");
      if (s.cloud === "aws") for (const os of ["windows", "linux"]) add(`${account}:${s.region}`, "EC2 launch template", launchTemplateName(sp, s.name, os), `the ${os} launch template`);
      for (const r of s.repositories) {
        if (r.storage === "s3-compatible" && r.accessPermissions === "iam-sts" && r.iamEndpoint) {
          // One user per IAM endpoint, whichever repositories use it.
          const host = endpointHost(r.iamEndpoint);
          const iam = `s3c-iam:${host}`;
          add(iam, "IAM user", veeamUserName(sp, s.name), `Veeam's IAM user on ${host}`);
          add(iam, "IAM policy", veeamPolicyName(sp, s.name), `Veeam's IAM policy on ${host}`);
        }
      }
    }
    if (providers.has("azure")) add(`azure:${s.account.azure?.subscriptionId ?? "(the environment's subscription)"}`, "Azure resource group", azureResourceGroupName(sp, s.name), "the resource group");
    if (providers.has("google")) {
      const project = `google:${s.account.google?.project ?? "(the environment's project)"}`;
      for (const what of ["veeam", "helper"]) add(project, "Google service account", googleServiceAccountId(sp, s.name, what), `the ${what} service account`);
      for (const what of ["repository", "immutability", "helper", "helper_project"]) add(project, "Google custom role", googleCustomRoleId(sp, s.name, what), `the ${what} role`);
      // Direct mode: the helper appliance's subnetwork (in the server's VPC on Google, else in a VPC
      // of its own with Cloud NAT) and its firewall rules.
      if (s.repositories.some((r) => r.storage === "google-cloud-storage" && r.connectionMode === "direct")) {
        const own = s.cloud === "google" ? [] : ["helper-vpc", "helper-router", "helper-nat"];
        for (const what of ["helper", ...own]) add(project, "Google network resource", googleResourceName(sp, s.name, what), `the network resource ${what}`);
        for (const what of ["helper-in", "helper-out", s.cloud === "google" ? "server-to-helper-out" : "helper-deny-all-out"]) add(project, "Google firewall rule", googleResourceName(sp, s.name, what), `the firewall rule ${what}`);
      }
      if (s.cloud === "google") {
        const { groups, flows } = portMatrix(s);
        for (const g of groups) add(project, "Google service account", googleServiceAccountId(sp, s.name, GROUP_SHORT[g]), `the service account of the ${g} hosts`);
        for (const what of ["vpc", "hosts", "router", "nat", "deny-all-out"]) add(project, "Google network resource", googleResourceName(sp, s.name, what), `the network resource ${what}`);
        for (const f of flows) for (const d of ["in", "out"] as const) add(project, "Google firewall rule", googleFirewallName(sp, s.name, f.id, d), `the firewall rule ${f.id} (${d})`);
        for (const h of s.hosts) {
          add(project, "Google instance", googleResourceName(sp, s.name, h.name), `host ${h.name}`);
          // Compute Engine names a boot disk after its instance: it shares the disks' namespace.
          add(project, "Google disk", googleResourceName(sp, s.name, h.name), `the boot disk of host ${h.name}`);
        }
        for (const g of s.gateways) add(project, "Google address", googleResourceName(sp, s.name, g.name), `the address of gateway ${g.name}`);
        for (const w of s.wanAccelerators) add(project, "Google disk", googleName([cacheDiskName(sp, s.name, w.name)], 63), `the cache disk of WAN accelerator ${w.name}`);
      }
    }
  });
  return out;
}
