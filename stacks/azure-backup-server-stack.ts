import { Construct } from "constructs";
import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { TerraformOutput, TerraformVariable } from "../lib/cdktf";
import { hostSpec } from "../lib/constructs/common/host-spec";
import { literal } from "../lib/constructs/common/literal";
import { AzureCloudGateway, AzureHost, AzureHostContext, AzureWanAccelerator } from "../lib/constructs/azure/hosts";
import { BackupServerStorageIdentity } from "../lib/constructs/azure/identity";
import { BackupServerVirtualNetwork } from "../lib/constructs/azure/network";
import { CloudRepositoryStorageAccount } from "../lib/constructs/azure/storage";
import { HostRole } from "../lib/constructs/port-matrix";
import * as M from "../lib/model/model";
import { applyBackend } from "./backend";
import { azureRepositories } from "./shares";
import { BackupServerStackProps, VccStack } from "./vcc-stack";

/** Where a server's Azure resources go: its own region on Azure, else its first Azure repository's. */
export function azureLocation(s: M.BackupServer): string {
  return s.cloud === "azure" ? s.region : (azureRepositories(s)[0]?.region ?? s.region);
}

/**
 * Everything one backup server needs on Azure: a resource group; when the server runs on Azure,
 * its virtual network, NAT for the hosts' HTTPS egress, and its VMs; and the storage accounts of
 * its `azure-blob` repositories, with the access Veeam needs to them.
 */
export class AzureBackupServerStack extends VccStack {
  constructor(scope: Construct, id: string, props: BackupServerStackProps) {
    super(scope, id);
    const { model, backupServer: s } = props;
    applyBackend(this, model.backend, id, props.localStatePath);
    new AzurermProvider(this, "azurerm", { features: [{}] });
    const prefix = `${model.name}-${s.name}`;
    const location = azureLocation(s);
    const tags: Record<string, string> = { "vcc-iac:service-provider": model.name, "vcc-iac:backup-server": s.name, "vcc-iac:stack": id };
    for (const [k, v] of Object.entries(model.tags)) tags[k] = literal(v);
    const rg = new ResourceGroup(this, "resource-group", { name: prefix, location, tags });
    const where = { resourceGroupName: rg.name, location };

    const accounts = azureRepositories(s).map((repo) => ({
      repo,
      storage: new CloudRepositoryStorageAccount(this, `repo-${repo.name}`, { repository: repo, ...where, location: repo.region ?? location }),
    }));
    if (accounts.length > 0) {
      new TerraformOutput(this, "storage_accounts", {
        value: Object.fromEntries(accounts.map(({ repo }) => [repo.name, { account: repo.storageAccount, container: repo.container }])),
        description: "Storage account and container of each cloud repository",
      });
      new TerraformOutput(this, "storage_account_keys", {
        value: Object.fromEntries(accounts.map(({ repo, storage }) => [repo.name, storage.account.primaryAccessKey])),
        sensitive: true,
        description: "Primary key of each repository's account: Veeam reaches the account and signs tenants' SAS links with it",
      });
    }

    if (s.cloud !== "azure") return;
    const network = new BackupServerVirtualNetwork(this, "network", { backupServer: s, ...where, namePrefix: prefix });
    const natIp = new PublicIp(this, "nat-ip", { ...where, name: `${prefix}-nat`, allocationMethod: "Static", sku: "Standard" });
    const nat = new NatGateway(this, "nat", { ...where, name: `${prefix}-nat`, skuName: "Standard" });
    new NatGatewayPublicIpAssociation(this, "nat-ip-association", { natGatewayId: nat.id, publicIpAddressId: natIp.id });
    for (const [role, subnet] of network.subnets) {
      if (role !== "gateway") new SubnetNatGatewayAssociation(this, `nat-association-${role}`, { subnetId: subnet.id, natGatewayId: nat.id });
    }

    const hosts: M.Host[] = [...s.gateways, ...s.proxies, ...s.wanAccelerators, ...s.networkExtensionAppliances];
    const context: AzureHostContext = {
      ...where,
      namePrefix: prefix,
      ...(s.images ? { images: s.images } : {}),
      windowsAdminPassword: new TerraformVariable(this, "windows_admin_password", {
        type: "string",
        sensitive: true,
        description: "Password of the Windows hosts' administrator (vccadmin)",
      }).stringValue,
      ...(hosts.some((h) => h.os === "linux")
        ? {
            linuxSshPublicKey: new TerraformVariable(this, "linux_admin_ssh_public_key", {
              type: "string",
              sensitive: true,
              description: "SSH public key of the Linux hosts' administrator (vccadmin); password logins are off",
            }).stringValue,
          }
        : {}),
    };
    const dnsZone = s.dnsZone
      ? {
          name: s.dnsZone,
          resourceGroupName: new TerraformVariable(this, "dns_zone_resource_group", { type: "string", description: `Resource group of the Azure DNS zone ${s.dnsZone}` }).stringValue,
        }
      : undefined;
    const place = (role: HostRole, os: "windows" | "linux") => ({
      context,
      subnet: network.subnets.get(role)!,
      asgs: [network.asgs.get(role)!, network.asgs.get(os)!],
      nsg: network.nsgs.get(role)!,
    });

    const direct = accounts.filter(({ repo }) => repo.connectionMode === "direct");
    const identity = direct.length > 0
      ? new BackupServerStorageIdentity(this, "server-storage-identity", { ...where, name: `${prefix}-storage`, accounts: direct.map(({ repo, storage }) => ({ repository: repo.name, account: storage.account })) })
      : undefined;
    new AzureHost(this, "server", {
      ...place("server", "windows"),
      name: "server",
      os: "windows",
      size: { vcpu: s.server.vcpu, memoryGb: s.server.memoryGb, rule: s.server.rule },
      osDiskGb: s.server.diskGb,
      ...(identity ? { identityIds: [identity.identity.id] } : {}),
    });
    const gateways: Record<string, unknown> = {};
    for (const g of s.gateways) {
      const gw = new AzureCloudGateway(this, `gateway-${g.name}`, {
        ...place("gateway", g.os),
        ...hostSpec(g),
        dnsName: g.dnsName,
        ...(dnsZone ? { dnsZone } : {}),
      });
      gateways[g.name] = { dns_name: g.dnsName, public_ip: gw.publicIp.ipAddress, port: g.externalPort };
    }
    for (const p of s.proxies) new AzureHost(this, `proxy-${p.name}`, { ...place("proxy", p.os), ...hostSpec(p) });
    for (const w of s.wanAccelerators) {
      new AzureWanAccelerator(this, `wan-${w.name}`, { ...place("wanAccelerator", w.os), ...hostSpec(w), cacheDiskGb: w.cacheDiskGb });
    }
    for (const a of s.networkExtensionAppliances) {
      new AzureHost(this, `nea-${a.name}`, { ...place("networkExtensionAppliance", "linux"), ...hostSpec(a) });
    }
    new TerraformOutput(this, "gateways", { value: gateways, description: "Each cloud gateway's DNS name, public IP and port, for tenants' connection settings" });
  }
}
