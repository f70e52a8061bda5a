import { Construct } from "constructs";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { Testing } from "../../lib/cdktf";
import { AzureCloudGateway, AzureHost, AzureHostContext, AzureWanAccelerator } from "../../lib/constructs/azure/hosts";
import { AZURE_KMS, AzureBackupServerNetwork } from "../../lib/constructs/azure/network";
import { AzureRepositoryStorageAccount } from "../../lib/constructs/azure/storage";
import { cacheDiskName } from "../../lib/domain/names";
import { groupOf } from "../../lib/domain/ports";
import * as M from "../../lib/model/model";
import { azureLocation, azureTags } from "../../stacks/azure-backup-server-stack";
import { VccStack } from "../../stacks/vcc-stack";
import { readExample } from "../helpers";
import { modelOf } from "./helpers";

const azure: M.Model = modelOf("azure.yaml", readExample("azure.yaml"));
const s = azure.backupServers[0];
const tags = { owner: "test" };
const where = { resourceGroupName: "rg", location: "westeurope", tags };

type Resources = Record<string, Record<string, Record<string, unknown>>>;

function synthOf(build: (scope: Construct) => void): Resources {
  const stack = new VccStack(Testing.app(), "test");
  new AzurermProvider(stack, "azurerm", { features: [{}], subscriptionId: "00000000-0000-0000-0000-000000000000" });
  build(stack);
  return JSON.parse(Testing.synth(stack)).resource;
}

describe("AzureRepositoryStorageAccount", () => {
  const repo = s.repositories[0];

  it("creates an immutable repository's container through an ARM template with version-level immutability and no policy", () => {
    const r = synthOf((scope) => new AzureRepositoryStorageAccount(scope, "repo", { repository: repo, ...where }));
    expect(r.azurerm_storage_container).toBeUndefined();
    const t = r.azurerm_resource_group_template_deployment["repo_immutable-container"];
    expect(t.deployment_mode).toBe("Incremental");
    expect(t.lifecycle).toEqual({ prevent_destroy: true });
    expect(JSON.parse(t.template_content as string).resources[0]).toMatchObject({
      type: "Microsoft.Storage/storageAccounts/blobServices/containers",
      name: "fabrikamvccweu/default/cloudconnect",
      properties: { publicAccess: "None", immutableStorageWithVersioning: { enabled: true } },
    });
  });

  it("creates a plain private container without immutability, and drops prevent_destroy only when asked", () => {
    const r = synthOf((scope) => new AzureRepositoryStorageAccount(scope, "repo", { repository: { ...repo, immutabilityDays: undefined, deletionProtection: false }, ...where }));
    expect(r.azurerm_storage_container.repo_container).toMatchObject({ name: "cloudconnect", container_access_type: "private", lifecycle: { prevent_destroy: false } });
    expect(r.azurerm_storage_account.repo_account).toMatchObject({ name: "fabrikamvccweu", lifecycle: { prevent_destroy: false }, shared_access_key_enabled: true, tags });
  });

  it("grants no role and creates no identity: Veeam connects with the account's name and key", () => {
    const r = synthOf((scope) => new AzureRepositoryStorageAccount(scope, "repo", { repository: { ...repo, connectionMode: "direct", immutabilityDays: undefined }, ...where }));
    expect(Object.keys(r).sort()).toEqual(["azurerm_storage_account", "azurerm_storage_container"]);
  });
});

describe("AzureBackupServerNetwork", () => {
  const r = synthOf((scope) => new AzureBackupServerNetwork(scope, "network", { backupServer: s, ...where, namePrefix: "fabrikam-sp-vbr-weu" }));
  const rules = Object.values(r.azurerm_network_security_rule);

  it("gives each role its subnet: gateways the public half, the others a quarter of the private half", () => {
    expect(Object.values(r.azurerm_subnet).map((x) => [x.name, x.address_prefixes, x.default_outbound_access_enabled]).sort()).toEqual([
      ["gateway", ["10.40.0.0/21"], false],
      ["proxy", ["10.40.10.0/23"], false],
      ["server", ["10.40.8.0/23"], false],
    ]);
  });

  it("has one application security group per host group and one NSG per role subnet, on the subnet", () => {
    expect(Object.values(r.azurerm_application_security_group).map((x) => x.name).sort()).toEqual(
      ["gateway-linux", "gateway-windows", "proxy-linux", "server-windows"].map((g) => `fabrikam-sp-vbr-weu-${g}`),
    );
    expect(Object.keys(r.azurerm_subnet_network_security_group_association).sort()).toEqual(["network_gateway-nsg-association", "network_proxy-nsg-association", "network_server-nsg-association"]);
    expect(r.azurerm_network_interface_security_group_association).toBeUndefined();
  });

  it("lets tenants reach each gateway group on TCP and UDP 6180, from tenantCidrs", () => {
    const tenants = rules.filter((x) => String(x.name).startsWith("tenants-to-gateway"));
    expect(tenants.map((x) => [x.protocol, x.destination_port_ranges, x.source_address_prefixes, x.direction]).sort()).toEqual([
      ["Tcp", ["6180"], ["0.0.0.0/0"], "Inbound"],
      ["Tcp", ["6180"], ["0.0.0.0/0"], "Inbound"],
      ["Udp", ["6180"], ["0.0.0.0/0"], "Inbound"],
      ["Udp", ["6180"], ["0.0.0.0/0"], "Inbound"],
    ]);
  });

  it("opens RDP to Windows and SSH to Linux groups, and the console ports to the backup server, only from adminCidrs: flows of the matrix, no separate admin groups", () => {
    const admin = rules.filter((x) => String(x.name).startsWith("admins-to-"));
    expect(admin.map((x) => [x.name, x.destination_port_ranges]).sort()).toEqual([
      ["admins-to-gateway-linux-tcp-22-in", ["22"]],
      ["admins-to-gateway-windows-tcp-3389-in", ["3389"]],
      ["admins-to-proxy-linux-tcp-22-in", ["22"]],
      ["admins-to-server-windows-tcp-10003-in", ["10003"]],
      ["admins-to-server-windows-tcp-3389-in", ["3389"]],
      ["admins-to-server-windows-tcp-443-in", ["443"]],
    ]);
    for (const a of admin) expect(a.source_address_prefixes).toEqual(["203.0.113.0/26"]);
    for (const x of Object.values(r.azurerm_application_security_group)) expect(x.name).toMatch(/^fabrikam-sp-vbr-weu-(server|gateway|proxy|wanAccelerator)-(windows|linux)$/);
  });

  it("writes internal flows between application security groups, in both NSGs, and the internet as Azure's service tag", () => {
    const six169 = rules.filter((x) => String(x.name).startsWith("gateway-windows-to-server-windows-tcp-6169"));
    expect(six169.map((x) => [x.direction, x.source_application_security_group_ids, x.destination_application_security_group_ids]).sort()).toEqual([
      ["Inbound", ["${azurerm_application_security_group.network_gateway-windows-asg.id}"], ["${azurerm_application_security_group.network_server-windows-asg.id}"]],
      ["Outbound", ["${azurerm_application_security_group.network_gateway-windows-asg.id}"], ["${azurerm_application_security_group.network_server-windows-asg.id}"]],
    ]);
    const storage = rules.filter((x) => String(x.name).includes("object-storage"));
    expect(storage.length).toBeGreaterThan(0);
    for (const x of storage) expect([x.direction, x.destination_address_prefix, x.destination_address_prefixes]).toEqual(["Outbound", "Internet", undefined]);
  });

  it("resolves Windows activation to azkms.core.windows.net's two addresses on TCP 1688", () => {
    expect(AZURE_KMS).toEqual({ host: "azkms.core.windows.net", cidrs: ["20.118.99.224/32", "40.83.235.53/32"] });
    const kms = rules.filter((x) => String(x.name).includes("-to-kms-"));
    expect(kms.map((x) => x.name).sort()).toEqual(["gateway-windows-to-kms-tcp-1688-out", "server-windows-to-kms-tcp-1688-out"]);
  });

  it("numbers each NSG's allows from 100 and closes it at 4000", () => {
    const server = rules.filter((x) => x.network_security_group_name === "${azurerm_network_security_group.network_server-nsg.name}" && x.direction === "Inbound");
    expect(server.map((x) => x.priority).sort((a, b) => Number(a) - Number(b))).toEqual([...server.slice(1).map((_, i) => 100 + i), 4000]);
  });
});

describe("hosts", () => {
  const context: AzureHostContext = { ...where, serviceProvider: azure.name, windowsAdminPassword: "${var.windows_admin_password}", linuxSshPublicKey: "${var.key}" };
  const host = (name: string) => s.hosts.find((h) => h.name === name)!;

  function build(scope: Construct) {
    const network = new AzureBackupServerNetwork(scope, "network", { backupServer: s, ...where, namePrefix: "p" });
    return (h: M.Host) => ({ context, subnet: network.subnets.get(h.role)!, applicationSecurityGroup: network.groups.get(groupOf(h.role, h.os))! });
  }

  it("builds Windows hosts with the password variable and Linux hosts with SSH keys only, on the model's machine type", () => {
    const server = s.server;
    const proxy = { ...host("proxy-weu"), address: "10.40.10.10" } as M.Proxy;
    const r = synthOf((scope) => {
      const place = build(scope);
      new AzureHost(scope, "server", { host: { ...server, name: "a-very-long-host-name" }, ...place(server) });
      new AzureHost(scope, "proxy", { host: proxy, ...place(proxy) });
    });
    const win = r.azurerm_windows_virtual_machine.server_vm;
    expect(win).toMatchObject({ size: server.machineType, encryption_at_host_enabled: true, secure_boot_enabled: true, vtpm_enabled: true, admin_password: "${var.windows_admin_password}", tags });
    expect(win.os_disk).toMatchObject({ disk_size_gb: server.diskGb });
    expect(win.identity).toBeUndefined();
    expect(String(win.computer_name).length).toBeLessThanOrEqual(15);
    const lin = r.azurerm_linux_virtual_machine.proxy_vm;
    expect(lin).toMatchObject({ name: "fabrikam-sp-vbr-weu-proxy-weu", size: proxy.machineType, disable_password_authentication: true, encryption_at_host_enabled: true });
    expect(lin.admin_password).toBeUndefined();
    expect(r.azurerm_network_interface.proxy_nic.ip_configuration).toEqual([expect.objectContaining({ private_ip_address_allocation: "Static", private_ip_address: "10.40.10.10" })]);
    expect(r.azurerm_network_interface.server_nic.ip_configuration).toEqual([expect.objectContaining({ private_ip_address_allocation: "Dynamic" })]);
    expect(r.azurerm_network_interface_application_security_group_association.proxy_asg.application_security_group_id).toBe("${azurerm_application_security_group.network_proxy-linux-asg.id}");
  });

  it("gives a gateway a static Standard public IP on its NIC and an alias A record in the zone", () => {
    const g = host("gw-standard") as M.Gateway;
    const r = synthOf((scope) => new AzureCloudGateway(scope, "gateway-gw-standard", { host: g, ...build(scope)(g), dnsZone: { name: "cc.fabrikam-sp.example", resourceGroupName: "dns" } }));
    expect(r.azurerm_public_ip["gateway-gw-standard_public-ip"]).toMatchObject({ name: "fabrikam-sp-vbr-weu-gw-standard-ip", allocation_method: "Static", sku: "Standard", tags });
    expect(r.azurerm_network_interface["gateway-gw-standard_host_nic"].ip_configuration).toEqual([expect.objectContaining({ public_ip_address_id: "${azurerm_public_ip.gateway-gw-standard_public-ip.id}" })]);
    expect(r.azurerm_dns_a_record["gateway-gw-standard_dns-record"]).toMatchObject({ name: "gw", zone_name: "cc.fabrikam-sp.example", resource_group_name: "dns", target_resource_id: "${azurerm_public_ip.gateway-gw-standard_public-ip.id}" });
    expect(r.azurerm_linux_virtual_machine["gateway-gw-standard_host_vm"]).toMatchObject({ size: g.machineType });
  });

  it("gives a WAN accelerator a managed cache disk named with cacheDiskName, of sourceAccelerators x cacheGb", () => {
    // azure.yaml with a Linux WAN accelerator serving three source accelerators.
    const text = readExample("azure.yaml").replace("    proxies:\n", "    wanAccelerators:\n      - name: wan-1\n        os: linux\n        sourceAccelerators: 3\n    proxies:\n");
    const withWan = modelOf("azure.yaml", text).backupServers[0];
    const w = withWan.wanAccelerators[0];
    expect(w.cacheDiskGb).toBe(300);
    const r = synthOf((scope) => {
      const network = new AzureBackupServerNetwork(scope, "network", { backupServer: withWan, ...where, namePrefix: "p" });
      new AzureWanAccelerator(scope, "wan-wan-1", { host: w, context, subnet: network.subnets.get("wanAccelerator")!, applicationSecurityGroup: network.groups.get("wanAccelerator-linux")! });
    });
    expect(r.azurerm_subnet["network_wanAccelerator-subnet"]).toMatchObject({ address_prefixes: ["10.40.12.0/23"] });
    expect(r.azurerm_managed_disk["wan-wan-1_cache-disk"]).toMatchObject({ name: cacheDiskName(azure.name, s.name, "wan-1"), disk_size_gb: 300, storage_account_type: "Premium_LRS", tags });
    expect(r.azurerm_linux_virtual_machine["wan-wan-1_host_vm"]).toMatchObject({ size: w.machineType });
    expect(r.azurerm_virtual_machine_data_disk_attachment["wan-wan-1_cache-attachment"]).toMatchObject({ lun: 0, virtual_machine_id: "${azurerm_linux_virtual_machine.wan-wan-1_host_vm.id}" });
  });
});

describe("the stack's helpers", () => {
  it("tags with metadata.tags as literals, and vcc-iac's own keys win", () => {
    const model = { ...azure, tags: { owner: "a ${x} %{y}", "vcc-iac:stack": "mine" } };
    expect(azureTags(model, s, "vbr-weu-azure")).toEqual({ owner: "a $${x} %%{y}", "vcc-iac:stack": "vbr-weu-azure", "vcc-iac:service-provider": "fabrikam-sp", "vcc-iac:backup-server": "vbr-weu" });
  });

  it("places a server's Azure resources in its region on Azure, else in its Azure repository's", () => {
    expect(azureLocation(s)).toBe("westeurope");
    const tailwind = modelOf("s3-compatible.yaml", readExample("s3-compatible.yaml")).backupServers[0];
    expect(azureLocation(tailwind)).toBe("eastus2");
  });
});
