import { Construct } from "constructs";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { Testing } from "../../lib/cdktf";
import { AzureHost, AzureHostContext } from "../../lib/constructs/azure/hosts";
import { BackupServerStorageIdentity, DIRECT_MODE_ROLES } from "../../lib/constructs/azure/identity";
import { BackupServerVirtualNetwork } from "../../lib/constructs/azure/network";
import { CloudRepositoryStorageAccount } from "../../lib/constructs/azure/storage";
import { azureVmSize } from "../../lib/constructs/azure/vm-size";
import { Model } from "../../lib/model/model";
import { VccStack } from "../../stacks/vcc-stack";
import { readExample } from "../helpers";
import { modelOf } from "./helpers";

const azure: Model = modelOf("azure.yaml", readExample("azure.yaml"));
const s = azure.backupServers[0];
const where = { resourceGroupName: "rg", location: "westeurope" };

function synthOf(build: (scope: Construct) => void): Record<string, Record<string, Record<string, unknown>>> {
  const stack = new VccStack(Testing.app(), "test");
  new AzurermProvider(stack, "azurerm", { features: [{}] });
  build(stack);
  return JSON.parse(Testing.synth(stack)).resource;
}

describe("CloudRepositoryStorageAccount", () => {
  const repo = s.repositories[0];

  it("creates an immutable repository's container through an ARM template with version-level immutability and no policy", () => {
    const r = synthOf((scope) => new CloudRepositoryStorageAccount(scope, "repo", { repository: repo, ...where }));
    expect(r.azurerm_storage_container).toBeUndefined();
    const t = Object.values(r.azurerm_resource_group_template_deployment)[0];
    expect(t.deployment_mode).toBe("Incremental");
    expect(JSON.parse(t.template_content as string).resources[0]).toMatchObject({
      type: "Microsoft.Storage/storageAccounts/blobServices/containers",
      name: "fabrikamvccweu/default/cloudconnect",
      properties: { publicAccess: "None", immutableStorageWithVersioning: { enabled: true } },
    });
  });

  it("creates a plain private container without immutability, and drops prevent_destroy only when asked", () => {
    const r = synthOf((scope) => new CloudRepositoryStorageAccount(scope, "repo", { repository: { ...repo, immutabilityDays: undefined, deletionProtection: false }, ...where }));
    expect(Object.values(r.azurerm_storage_container)[0]).toMatchObject({ name: "cloudconnect", container_access_type: "private", lifecycle: { prevent_destroy: false } });
    expect(Object.values(r.azurerm_storage_account)[0]).toMatchObject({ name: "fabrikamvccweu", lifecycle: { prevent_destroy: false }, shared_access_key_enabled: true });
  });
});

describe("BackupServerVirtualNetwork", () => {
  const r = synthOf((scope) => new BackupServerVirtualNetwork(scope, "network", { backupServer: s, ...where, namePrefix: "fabrikam-sp-vbr-weu" }));
  const rules = Object.values(r.azurerm_network_security_rule);

  it("gives each role its subnet: gateways the public half, the others a quarter of the private half", () => {
    expect(Object.values(r.azurerm_subnet).map((x) => [x.name, x.address_prefixes]).sort()).toEqual([
      ["gateway", ["10.40.0.0/21"]],
      ["proxy", ["10.40.10.0/23"]],
      ["server", ["10.40.8.0/23"]],
    ]);
  });

  it("lets tenants reach the gateways' application security group on TCP and UDP 6180, from tenantCidrs", () => {
    const tenants = rules.filter((x) => String(x.name).startsWith("tenants-to-gateway"));
    expect(tenants.map((x) => [x.protocol, x.destination_port_range, x.source_address_prefixes])).toEqual([
      ["Tcp", "6180", ["0.0.0.0/0"]],
      ["Udp", "6180", ["0.0.0.0/0"]],
    ]);
  });

  it("opens RDP and SSH only from adminCidrs, to the hosts of that operating system", () => {
    const admin = rules.filter((x) => String(x.name).startsWith("admin-"));
    expect(admin.length).toBe(2 * Object.keys(r.azurerm_network_security_group).length);
    for (const a of admin) expect(a.source_address_prefixes).toEqual(["203.0.113.0/26"]);
  });
});

describe("BackupServerStorageIdentity", () => {
  it("grants exactly Veeam's three roles, on each direct-mode account only", () => {
    const r = synthOf((scope) => {
      const repo = new CloudRepositoryStorageAccount(scope, "repo", { repository: s.repositories[0], ...where });
      new BackupServerStorageIdentity(scope, "id", { name: "x", ...where, accounts: [{ repository: "blob-weu", account: repo.account }] });
    });
    const assignments = Object.values(r.azurerm_role_assignment);
    expect(assignments.map((a) => a.role_definition_name).sort()).toEqual([...DIRECT_MODE_ROLES].sort());
    for (const a of assignments) expect(a.scope).toBe("${azurerm_storage_account.repo_account.id}");
  });
});

describe("AzureHost", () => {
  const context: AzureHostContext = { ...where, namePrefix: "p", windowsAdminPassword: "${var.windows_admin_password}", linuxSshPublicKey: "${var.key}" };

  it("builds Windows hosts with the password variable and Linux hosts with SSH keys only, both encrypted at host", () => {
    const r = synthOf((scope) => {
      const network = new BackupServerVirtualNetwork(scope, "network", { backupServer: s, ...where, namePrefix: "p" });
      const place = { subnet: network.subnets.get("proxy")!, asgs: [network.asgs.get("proxy")!], nsg: network.nsgs.get("proxy")! };
      new AzureHost(scope, "win", { context, ...place, name: "a-very-long-host-name", os: "windows", size: { vcpu: 8, memoryGb: 24, rule: "" } });
      new AzureHost(scope, "lin", { context, ...place, name: "proxy-weu", os: "linux", size: { vcpu: 12, memoryGb: 12, rule: "" }, address: "10.40.10.10" });
    });
    const win = Object.values(r.azurerm_windows_virtual_machine)[0];
    expect(win).toMatchObject({ size: "Standard_D8s_v5", encryption_at_host_enabled: true, admin_password: "${var.windows_admin_password}" });
    expect(String(win.computer_name).length).toBeLessThanOrEqual(15);
    const lin = Object.values(r.azurerm_linux_virtual_machine)[0];
    expect(lin).toMatchObject({ size: "Standard_F16s_v2", disable_password_authentication: true, encryption_at_host_enabled: true });
    expect(Object.values(r.azurerm_network_interface).map((n) => (n.ip_configuration as Array<Record<string, unknown>>)[0].private_ip_address_allocation).sort()).toEqual(["Dynamic", "Static"]);
  });

  it("picks the cheapest Azure size with Veeam's vCPUs and memory", () => {
    expect(azureVmSize({ vcpu: 8, memoryGb: 8, rule: "" })).toBe("Standard_F8s_v2");
    expect(azureVmSize({ vcpu: 8, memoryGb: 32, rule: "" })).toBe("Standard_D8s_v5");
    expect(azureVmSize({ vcpu: 4, memoryGb: 64, rule: "" })).toBe("Standard_E8s_v5");
    expect(azureVmSize({ vcpu: 128, memoryGb: 1024, rule: "" })).toBe("Standard_M128s");
    expect(azureVmSize({ vcpu: 4, memoryGb: 700, rule: "" })).toBe("Standard_M128s"); // E96s_v5 has only 672 GB
  });
});
