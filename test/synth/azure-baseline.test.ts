/**
 * The security baseline (security-baseline.md, Azure), Veeam's Azure Blob rules and the port
 * matrix, one named test per check, over every Azure stack of every example and of a file with
 * every host group (a role on each operating system) and a network extension appliance. No azurerm
 * plugin is available here, so these are assertions on the synthesized JSON (the typed bindings
 * already checked the shape).
 */
import * as fs from "fs";
import * as path from "path";
import { azureResourceGroupName, cacheDiskName, serverPrefix } from "../../lib/domain/names";
import { Endpoint, Flow, groupOf, portMatrix, roleOf } from "../../lib/domain/ports";
import * as M from "../../lib/model/model";
import { AZURE_EXCEPTIONS } from "../../lib/security/exceptions";
import { readExample } from "../helpers";
import { SynthStack, TfJson, exampleStacks, modelOf, refersTo, resources, synthText } from "./helpers";

/**
 * Every host group on Azure, on both operating systems, with a network extension appliance the
 * gateways reach, a WAN accelerator as a repository's gateway server, and tenants from one range.
 */
const EVERY_GROUP_YAML = `
apiVersion: vcc-iac/v1
kind: CloudConnect
metadata:
  name: woodgrove
  tags: { team: storage-ops }
backupServers:
  - name: vbr-ne
    cloud: azure
    region: northeurope
    account:
      azure: { subscriptionId: 0f0e0d0c-0b0a-4909-8807-060504030201 }
    network:
      cidr: 10.60.0.0/20
      adminCidrs: [192.0.2.0/28, 198.51.100.8/29]
      tenantCidrs: [203.0.113.0/24]
    images:
      linux: /subscriptions/0f0e0d0c-0b0a-4909-8807-060504030201/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/woodgrove/images/rhel-9-6/versions/latest
    gateways:
      - name: gw-win
        dnsName: gw-win.woodgrove.example
      - name: gw-lnx
        dnsName: gw-lnx.woodgrove.example
        os: linux
    proxies:
      - name: px-win
      - name: px-lnx
        os: linux
    wanAccelerators:
      - name: wan-win
      - name: wan-lnx
        os: linux
        sourceAccelerators: 2
    networkExtensionAppliances:
      - name: nea-1
        address: 172.16.10.21
    hardwarePlans:
      - name: gold
        platform: vmware
        host: esx-01.woodgrove.local
        cpuGhz: 20
        memoryGb: 64
        storage: [ { friendlyName: Gold, datastore: ds-01, quotaGb: 500 } ]
        networks: { withInternet: 1, internal: 1 }
    repositories:
      - name: blob-ne
        storage: azure-blob
        storageAccount: woodgrovevccne
        container: vcc
        gatewayServers: [wan-win]
tenants:
  - name: Adatum
    backupServer: vbr-ne
    backup:
      - repository: blob-ne
        quotaGb: 100
    replication:
      - hardwarePlan: gold
    networkExtension: { appliance: nea-1, publicIps: 1 }
`;

interface Case {
  readonly name: string;
  readonly model: M.Model;
  readonly server: M.BackupServer;
  readonly json: TfJson;
}

function caseOf(name: string, model: M.Model, stack: SynthStack): Case {
  const server = model.backupServers.find((s) => `${s.name}-azure` === stack.name);
  if (!server) throw new Error(`no backup server for stack ${stack.name}`);
  return { name, model, server, json: stack.json };
}

const stacks = exampleStacks("azurerm");
const cases: Case[] = [
  ...stacks.map(({ example, stack }) => caseOf(`${example} ${stack.name}`, modelOf(example, readExample(example)), stack)),
  ...synthText("every-group.yaml", EVERY_GROUP_YAML)
    .filter((stack) => stack.json.provider?.azurerm)
    .map((stack) => caseOf(`every-group.yaml ${stack.name}`, modelOf("every-group.yaml", EVERY_GROUP_YAML), stack)),
];
const each = cases.map((c) => [c.name, c] as [string, Case]);
const INTERNET = ["*", "0.0.0.0/0", "Internet", "Any", "internet", "any"];

/**
 * Azure's Windows activation (KMS) for the public cloud: azkms.core.windows.net, 20.118.99.224 and
 * 40.83.235.53, TCP 1688 ("Troubleshoot Azure Windows virtual machine activation problems" and
 * "Windows Virtual Machine activation no longer works in Azure", learn.microsoft.com). Written
 * here again, not imported, so a changed address in the construct fails this test.
 */
const MICROSOFT_KMS = ["20.118.99.224/32", "40.83.235.53/32"];

/** Whether an NSG port field ("22", "2500-3300", "*") covers a port. */
function covers(range: string, port: number): boolean {
  if (range === "*") return true;
  const [from, to] = range.split("-").map(Number);
  return port >= from && port <= (to ?? from);
}

function portsOf(rule: Record<string, unknown>): string[] {
  return [rule.destination_port_range as string | undefined, ...((rule.destination_port_ranges as string[] | undefined) ?? [])].filter((x): x is string => x !== undefined);
}

describe("security baseline (Azure)", () => {
  it("has stacks to check: an Azure-hosted server, and an account used by a server on AWS", () => {
    expect(stacks.map(({ stack }) => stack.name).sort()).toEqual(["vbr-us-azure", "vbr-weu-azure"]);
  });

  describe.each(each)("%s", (_name, { model, server: s, json }) => {
    const accounts = resources(json, "azurerm_storage_account");

    it("deploys into the file's subscription, never the one `az account` has selected", () => {
      expect(json.provider?.azurerm).toEqual([{ features: [{}], subscription_id: s.account.azure?.subscriptionId }]);
      expect(Object.keys(json.data ?? {}).filter((t) => t.startsWith("azurerm_"))).toEqual([]);
    });

    it("names the resource group with azureResourceGroupName", () => {
      expect(resources(json, "azurerm_resource_group").map(([, r]) => r.name)).toEqual([azureResourceGroupName(model.name, s.name)]);
    });

    it("CKV_AZURE_3: storage accounts accept HTTPS only", () => {
      expect(accounts.length).toBeGreaterThan(0);
      for (const [, a] of accounts) expect(a.https_traffic_only_enabled).toBe(true);
    });

    it("CKV_AZURE_44: minimum TLS 1.2", () => {
      for (const [, a] of accounts) expect(a.min_tls_version).toBe("TLS1_2");
    });

    it("CKV_AZURE_190: no public nested items", () => {
      for (const [, a] of accounts) expect(a.allow_nested_items_to_be_public).toBe(false);
    });

    it("CKV_AZURE_34: containers are private", () => {
      for (const [, c] of resources(json, "azurerm_storage_container")) expect(c.container_access_type).toBe("private");
      for (const [, t] of resources(json, "azurerm_resource_group_template_deployment")) {
        for (const r of JSON.parse(t.template_content as string).resources) expect(r.properties.publicAccess).toBe("None");
      }
    });

    it("CKV2_AZURE_41: a SAS expiration policy of 30 days (Veeam's SAS links)", () => {
      for (const [, a] of accounts) expect(a.sas_policy).toEqual({ expiration_period: "30.00:00:00", expiration_action: "Log" });
    });

    it("Veeam: blob versioning on, no blob or container soft delete, no lifecycle rules", () => {
      for (const [, a] of accounts) {
        expect(a.blob_properties).toEqual({ versioning_enabled: true });
      }
      expect(resources(json, "azurerm_storage_management_policy")).toEqual([]);
    });

    it("Veeam: immutable repositories get version-level immutability support with no default policy", () => {
      expect(resources(json, "azurerm_storage_container_immutability_policy")).toEqual([]);
      for (const [, a] of accounts) expect(a.immutability_policy).toBeUndefined();
      for (const [, t] of resources(json, "azurerm_resource_group_template_deployment")) {
        const [container] = JSON.parse(t.template_content as string).resources;
        expect(container.properties.immutableStorageWithVersioning).toEqual({ enabled: true });
        expect(container.properties.immutableStorageWithVersioning.immutabilityPolicy).toBeUndefined();
      }
    });

    it("data safety: accounts and containers carry prevent_destroy, under the logical ids they always had", () => {
      for (const type of ["azurerm_storage_account", "azurerm_storage_container", "azurerm_resource_group_template_deployment"]) {
        for (const [, r] of resources(json, type)) expect(r.lifecycle).toEqual({ prevent_destroy: true });
      }
      const expected = s.repositories
        .filter((r) => r.storage === "azure-blob")
        .flatMap((r) => [`azurerm_storage_account.repo-${r.name}_account`, r.immutabilityDays === undefined ? `azurerm_storage_container.repo-${r.name}_container` : `azurerm_resource_group_template_deployment.repo-${r.name}_immutable-container`]);
      const actual = ["azurerm_storage_account", "azurerm_storage_container", "azurerm_resource_group_template_deployment"].flatMap((t) => resources(json, t).map(([id]) => `${t}.${id}`));
      expect(actual.sort()).toEqual(expected.sort());
    });

    it("Veeam connects with the account's name and key: the keys leave only as a sensitive output, and no identity or role exists", () => {
      const keys = json.output?.storage_account_keys;
      expect(keys?.sensitive).toBe(true);
      expect(refersTo(keys?.value, "azurerm_storage_account").sort()).toEqual(accounts.map(([id]) => id).sort());
      expect(JSON.stringify(keys?.value)).toContain("primary_access_key");
      for (const type of ["azurerm_user_assigned_identity", "azurerm_role_assignment", "azurerm_role_definition", "azurerm_federated_identity_credential"]) expect(resources(json, type)).toEqual([]);
      for (const type of ["azurerm_windows_virtual_machine", "azurerm_linux_virtual_machine"]) {
        for (const [, vm] of resources(json, type)) expect(vm.identity).toBeUndefined();
      }
    });

    it("CKV_AZURE_9, CKV_AZURE_10: no RDP or SSH from the internet", () => {
      for (const [id, r] of resources(json, "azurerm_network_security_rule")) {
        if (r.access !== "Allow" || r.direction !== "Inbound") continue;
        const sources = [r.source_address_prefix, ...((r.source_address_prefixes as string[]) ?? [])].filter((x) => x !== undefined);
        if (portsOf(r).some((p) => covers(p, 22) || covers(p, 3389))) expect({ id, sources: sources.filter((x) => INTERNET.includes(x as string)) }).toEqual({ id, sources: [] });
      }
    });

    it("network security groups deny what Veeam's port matrix does not allow, after every allow", () => {
      const groups = resources(json, "azurerm_network_security_group").map(([id]) => id);
      for (const group of groups) {
        const rules = resources(json, "azurerm_network_security_rule")
          .filter(([, r]) => r.network_security_group_name === `\${azurerm_network_security_group.${group}.name}`)
          .map(([, r]) => r);
        for (const direction of ["Inbound", "Outbound"]) {
          const mine = rules.filter((r) => r.direction === direction);
          const deny = mine.filter((r) => r.access === "Deny");
          expect({ group, direction, deny: deny.map((r) => [r.priority, r.protocol, r.source_address_prefix, r.destination_address_prefix, r.destination_port_range]) }).toEqual({
            group,
            direction,
            deny: [[4000, "*", "*", "*", "*"]],
          });
          const allows = mine.filter((r) => r.access === "Allow");
          expect(allows.every((r) => (r.priority as number) >= 100 && (r.priority as number) < 4000)).toBe(true);
          expect(new Set(mine.map((r) => r.priority)).size).toBe(mine.length);
          // Azure's limits on a rule: 80 characters of name, 140 of description.
          for (const r of mine) expect([String(r.name).length <= 80, String(r.description).length <= 140]).toEqual([true, true]);
        }
      }
      expect(groups.length === 0 || groups.length >= 2).toBe(true);
    });

    it("CKV_AZURE_151: encryption at host on every VM", () => {
      for (const type of ["azurerm_windows_virtual_machine", "azurerm_linux_virtual_machine"]) {
        for (const [, vm] of resources(json, type)) expect(vm.encryption_at_host_enabled).toBe(true);
      }
    });

    it("CKV_AZURE_149: Linux VMs log in with SSH keys only", () => {
      for (const [, vm] of resources(json, "azurerm_linux_virtual_machine")) {
        expect(vm.disable_password_authentication).toBe(true);
        expect(vm.admin_password).toBeUndefined();
        expect((vm.admin_ssh_key as Array<{ public_key: string }>)[0].public_key).toBe("${var.linux_admin_ssh_public_key}");
      }
    });

    it("Trusted Launch on every VM", () => {
      for (const type of ["azurerm_windows_virtual_machine", "azurerm_linux_virtual_machine"]) {
        for (const [, vm] of resources(json, type)) expect([vm.secure_boot_enabled, vm.vtpm_enabled]).toEqual([true, true]);
      }
    });

    it("no secret in cdk.tf.json: passwords from sensitive variables, account keys only as sensitive outputs", () => {
      for (const [, vm] of resources(json, "azurerm_windows_virtual_machine")) expect(vm.admin_password).toBe("${var.windows_admin_password}");
      for (const [name, v] of Object.entries(json.variable ?? {})) if (/password|ssh/.test(name)) expect(v.sensitive).toBe(true);
      for (const [name, o] of Object.entries(json.output ?? {})) if (JSON.stringify(o.value).includes("primary_access_key")) expect({ name, sensitive: o.sensitive }).toEqual({ name, sensitive: true });
      expect(JSON.stringify(json)).not.toMatch(/AccountKey=|-----BEGIN|ssh-(rsa|ed25519) /);
    });

    it("builds every host of the model, and nothing else: the model's machine type, no network extension appliance VM", () => {
      const vms = [
        ...resources(json, "azurerm_windows_virtual_machine").map(([, vm]) => ({ os: "windows", vm })),
        ...resources(json, "azurerm_linux_virtual_machine").map(([, vm]) => ({ os: "linux", vm })),
      ];
      const hosts = s.cloud === "azure" ? s.hosts : [];
      const prefix = serverPrefix(model.name, s.name);
      expect(vms.map(({ os, vm }) => [vm.name, os, vm.size]).sort()).toEqual(hosts.map((h) => [`${prefix}-${h.name}`, h.os, h.machineType]).sort());
      for (const a of s.networkExtensionAppliances) expect(vms.some(({ vm }) => String(vm.name).endsWith(`-${a.name}`))).toBe(false);
      const disks = resources(json, "azurerm_managed_disk").map(([, d]) => [d.name, d.disk_size_gb]);
      expect(disks.sort()).toEqual(s.wanAccelerators.filter(() => s.cloud === "azure").map((w) => [cacheDiskName(model.name, s.name, w.name), w.cacheDiskGb]).sort());
    });

    it("gives each gateway its own static Standard public IP, and its own alias A record in the zone", () => {
      if (s.cloud !== "azure") return;
      const ips = resources(json, "azurerm_public_ip").filter(([id]) => id.startsWith("gateway-"));
      expect(ips.map(([id]) => id).sort()).toEqual(s.gateways.map((g) => `gateway-${g.name}_public-ip`).sort());
      for (const [, ip] of ips) expect([ip.allocation_method, ip.sku]).toEqual(["Static", "Standard"]);
      const records = resources(json, "azurerm_dns_a_record");
      expect(records.map(([, r]) => `${r.name}.${r.zone_name}`).sort()).toEqual(s.dnsZone ? s.gateways.map((g) => g.dnsName).sort() : []);
      for (const [id, r] of records) expect(refersTo(r.target_resource_id, "azurerm_public_ip")).toEqual([id.replace(/_dns-record$/, "_public-ip")]);
    });
  });

  it("lists its deliberate exceptions in one place, each with a reason", () => {
    expect(AZURE_EXCEPTIONS.map((e) => e.check).sort()).toEqual(["CKV2_AZURE_38", "CKV2_AZURE_40"]);
    for (const e of AZURE_EXCEPTIONS) expect(e.reason.length).toBeGreaterThan(20);
  });
});

/** The folder of the azurerm bindings: one folder per resource type, its JS beside its types. */
const BINDINGS = path.dirname(path.dirname(require.resolve("@cdktf/provider-azurerm/lib/resource-group")));

/**
 * Whether a resource type takes `tags`, read from its cdktf binding: the JS that writes the
 * resource's JSON (`synthesizeAttributes`) maps `tags` with `cdktf.hashMapper`. (`ip_tags` of a
 * public IP is no `tags`: the match is anchored at the start of the line.)
 */
function taggable(type: string): boolean {
  const file = path.join(BINDINGS, type.replace(/^azurerm_/, "").replace(/_/g, "-"), "index.js");
  const js = fs.readFileSync(file, "utf8");
  const start = js.indexOf("synthesizeAttributes() {");
  if (start < 0) throw new Error(`${file} has no synthesizeAttributes`);
  const end = js.indexOf("synthesizeHclAttributes() {", start);
  return /^\s*tags: cdktf\.hashMapper\(/m.test(js.slice(start, end < 0 ? undefined : end));
}

describe("tags (Azure)", () => {
  it("reads which types take tags from the provider bindings", () => {
    expect(["azurerm_resource_group", "azurerm_public_ip", "azurerm_storage_account", "azurerm_windows_virtual_machine"].map(taggable)).toEqual([true, true, true, true]);
    expect(["azurerm_subnet", "azurerm_network_security_rule", "azurerm_storage_container"].map(taggable)).toEqual([false, false, false]);
  });

  describe.each(each)("%s", (_name, { model, server: s, json }) => {
    it("tags every resource that takes tags with metadata.tags and vcc-iac's own", () => {
      const expected = { ...model.tags, "vcc-iac:service-provider": model.name, "vcc-iac:backup-server": s.name, "vcc-iac:stack": `${s.name}-azure` };
      let tagged = 0;
      for (const [type, byId] of Object.entries(json.resource ?? {})) {
        if (!taggable(type)) continue;
        for (const [id, r] of Object.entries(byId)) {
          expect({ resource: `${type}.${id}`, tags: r.tags }).toEqual({ resource: `${type}.${id}`, tags: expected });
          tagged++;
        }
      }
      expect(tagged).toBeGreaterThan(0);
    });
  });
});

/** An endpoint of a flow as the NSG rules must write it. */
function expectedEnd(e: Endpoint): string {
  switch (e.kind) {
    case "group":
      return `asg:${e.group}`;
    case "cidrs":
      return `cidrs:${[...e.cidrs].sort().join(",")}`;
    case "kms":
      return `cidrs:${MICROSOFT_KMS.join(",")}`;
    default:
      return "prefix:Internet";
  }
}

/** The rules a flow needs: an outbound one in the source role's NSG, an inbound one in the target role's. */
function expectedRules(flow: Flow): string[] {
  const protocol = { tcp: "Tcp", udp: "Udp", icmp: "Icmp" }[flow.protocol];
  const ports = flow.protocol === "icmp" ? "*" : flow.ports.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).sort().join(",");
  const body = `${protocol}|${expectedEnd(flow.from)}|${expectedEnd(flow.to)}|${ports}`;
  const out: string[] = [];
  if (flow.from.kind === "group") out.push(`${roleOf(flow.from.group)}|Outbound|${body}`);
  if (flow.to.kind === "group") out.push(`${roleOf(flow.to.group)}|Inbound|${body}`);
  return out;
}

/** Every allow rule of a stack, read back from the JSON: its NSG's role, direction, protocol, ends, ports. */
function actualRules(json: TfJson, prefix: string): string[] {
  const byId = (type: string) => Object.fromEntries(resources(json, type));
  const nsgs = byId("azurerm_network_security_group");
  const asgs = byId("azurerm_application_security_group");
  const unprefix = (name: unknown) => String(name).slice(prefix.length + 1);
  const end = (r: Record<string, unknown>, side: "source" | "destination"): string => {
    const ids = refersTo(r[`${side}_application_security_group_ids`] ?? [], "azurerm_application_security_group");
    if (ids.length > 0) return ids.map((id) => `asg:${unprefix(asgs[id].name)}`).join(",");
    const many = r[`${side}_address_prefixes`] as string[] | undefined;
    if (many) return `cidrs:${[...many].sort().join(",")}`;
    return `prefix:${r[`${side}_address_prefix`]}`;
  };
  return resources(json, "azurerm_network_security_rule")
    .filter(([, r]) => r.access === "Allow")
    .map(([, r]) => {
      expect(r.source_port_range).toBe("*");
      const [nsg] = refersTo(r.network_security_group_name, "azurerm_network_security_group");
      return `${unprefix(nsgs[nsg].name)}|${r.direction}|${r.protocol}|${end(r, "source")}|${end(r, "destination")}|${portsOf(r).sort().join(",")}`;
    });
}

describe("port matrix (Azure)", () => {
  it("has every host group on both operating systems, and an appliance, to check", () => {
    const every = cases.find((c) => c.name.startsWith("every-group.yaml"))!;
    expect(portMatrix(every.server).groups.sort()).toEqual(["gateway-linux", "gateway-windows", "proxy-linux", "proxy-windows", "server-windows", "wanAccelerator-linux", "wanAccelerator-windows"]);
    expect(portMatrix(every.server).flows.some((f) => f.to.kind === "cidrs" && f.to.label === "network extension appliance")).toBe(true);
  });

  describe.each(each)("%s", (_name, { model, server: s, json }) => {
    const prefix = serverPrefix(model.name, s.name);

    it("allows every flow of portMatrix between the right application security groups and addresses, and nothing else", () => {
      const expected = s.cloud === "azure" ? portMatrix(s).flows.flatMap(expectedRules) : [];
      expect(actualRules(json, prefix).sort()).toEqual(expected.sort());
    });

    it("resolves the KMS row to Microsoft's activation addresses, for Windows hosts only", () => {
      const kms = resources(json, "azurerm_network_security_rule").filter(([, r]) => portsOf(r).includes("1688"));
      const windows = s.cloud === "azure" ? portMatrix(s).groups.filter((g) => g.endsWith("-windows")) : [];
      expect(kms.length).toBe(windows.length);
      for (const [, r] of kms) expect([r.direction, r.protocol, r.destination_address_prefixes]).toEqual(["Outbound", "Tcp", MICROSOFT_KMS]);
    });

    it("puts each host in its role's subnet and its group's application security group, behind its role's NSG", () => {
      if (s.cloud !== "azure") {
        for (const type of ["azurerm_virtual_network", "azurerm_subnet", "azurerm_network_security_group", "azurerm_network_security_rule", "azurerm_application_security_group", "azurerm_network_interface"]) expect(resources(json, type)).toEqual([]);
        return;
      }
      const byId = (type: string) => Object.fromEntries(resources(json, type));
      const subnets = byId("azurerm_subnet");
      const nsgs = byId("azurerm_network_security_group");
      const asgs = byId("azurerm_application_security_group");
      const nics = byId("azurerm_network_interface");
      // One NSG per role subnet, of that role.
      const associations = resources(json, "azurerm_subnet_network_security_group_association").map(([, a]) => [
        subnets[refersTo(a.subnet_id, "azurerm_subnet")[0]].name,
        String(nsgs[refersTo(a.network_security_group_id, "azurerm_network_security_group")[0]].name).slice(prefix.length + 1),
      ]);
      const roles = [...new Set(portMatrix(s).groups.map(roleOf))].sort();
      expect(associations.sort()).toEqual(roles.map((r) => [r, r]));
      expect(Object.values(subnets).map((x) => x.name).sort()).toEqual(roles);
      // Each NIC: its host's role subnet and the application security group of its role on its OS.
      const asgOfNic = Object.fromEntries(
        resources(json, "azurerm_network_interface_application_security_group_association").map(([, a]) => [refersTo(a.network_interface_id, "azurerm_network_interface")[0], refersTo(a.application_security_group_id, "azurerm_application_security_group")]),
      );
      const vms = [...resources(json, "azurerm_windows_virtual_machine"), ...resources(json, "azurerm_linux_virtual_machine")].map(([, vm]) => vm);
      for (const h of s.hosts) {
        const vm = vms.find((x) => x.name === `${prefix}-${h.name}`)!;
        const [nic] = refersTo(vm.network_interface_ids, "azurerm_network_interface");
        const [subnet] = refersTo(nics[nic].ip_configuration, "azurerm_subnet");
        expect([h.name, subnets[subnet].name, (asgOfNic[nic] ?? []).map((id) => String(asgs[id].name).slice(prefix.length + 1))]).toEqual([h.name, h.role, [groupOf(h.role, h.os)]]);
      }
    });
  });
});
