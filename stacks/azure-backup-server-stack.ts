import { Construct } from "constructs";
import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { TerraformOutput, TerraformVariable } from "../lib/cdktf";
import { AzureCloudGateway, AzureHost, AzureHostContext, AzureWanAccelerator } from "../lib/constructs/azure/hosts";
import { AzureBackupServerNetwork } from "../lib/constructs/azure/network";
import { AzureRepositoryStorageAccount } from "../lib/constructs/azure/storage";
import { CloudHostBuilder, backupServerOutput, buildHosts, hostsOutput } from "../lib/constructs/common/hosts";
import { literal } from "../lib/constructs/common/literal";
import { azureName, azureResourceGroupName, serverPrefix } from "../lib/domain/names";
import { groupOf } from "../lib/domain/ports";
import * as M from "../lib/model/model";
import { repositoriesOf } from "../lib/synth/stacks";
import { applyBackend } from "./backend";
import { BackupServerStackProps, VccStack } from "./vcc-stack";

/**
 * Where a server's Azure resources go: its own region on Azure, else its first Azure repository's
 * (VCC-OBJECT makes a repository off its server's cloud name its region).
 */
export function azureLocation(s: M.BackupServer): string {
  if (s.cloud === "azure") return s.region;
  return repositoriesOf(s, "azure").find((r) => r.region)?.region ?? s.region;
}

/**
 * The tags of every taggable resource of a server's Azure stack: metadata.tags (as literals, see
 * literal.ts), then vcc-iac's own, which win. azurerm has no provider-level default tags (AWS has),
 * so every construct passes these on; a test reads the provider bindings to check that every
 * resource type that takes tags has them.
 */
export function azureTags(model: M.Model, s: M.BackupServer, stackName: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [k, v] of Object.entries(model.tags)) tags[literal(k)] = literal(v);
  return { ...tags, "vcc-iac:service-provider": model.name, "vcc-iac:backup-server": s.name, "vcc-iac:stack": stackName };
}

/**
 * A backup server on Azure, in the subscription the file names: a resource group; the storage
 * account and container of each `azure-blob` repository, whose keys Veeam connects with; and, when
 * the server runs on Azure, its virtual network (from the port matrix), NAT for the private
 * subnets' egress, and its VMs. It shares no component with any other stack. No identity and no
 * role assignment: Veeam uses the account's name and key, never a host's managed identity.
 */
export class AzureBackupServerStack extends VccStack {
  constructor(scope: Construct, id: string, props: BackupServerStackProps) {
    super(scope, id);
    const { model, backupServer: s } = props;
    applyBackend(this, model.backend, id, props.localStatePath);
    backupServerOutput(this, s);
    // The schema requires account.azure whenever a server uses Azure: the provider deploys there
    // whatever subscription `az account` has selected.
    const subscriptionId = s.account.azure?.subscriptionId;
    if (!subscriptionId) throw new Error(`internal error: backup server '${s.name}' uses Azure without account.azure.subscriptionId`);
    new AzurermProvider(this, "azurerm", { features: [{}], subscriptionId });
    const sp = model.name;
    const prefix = serverPrefix(sp, s.name);
    const location = azureLocation(s);
    const tags = azureTags(model, s, id);
    const rg = new ResourceGroup(this, "resource-group", { name: azureResourceGroupName(sp, s.name), location, tags });
    const where = { resourceGroupName: rg.name, location, tags };

    const azureRepos = repositoriesOf(s, "azure");
    // Repositories on one account share it: the first one creates it.
    const created = new Map<string, StorageAccount>();
    const accounts = azureRepos.map((repo) => {
      const account = repo.storageAccount as string;
      const storage = new AzureRepositoryStorageAccount(this, `repo-${repo.name}`, {
        // The construct id `repo-<name>` gives the account and container their logical ids: never change it.
        repository: repo,
        ...where,
        location: repo.region ?? location,
        ...(created.has(account) ? { account: created.get(account) } : {}),
        protectAccount: azureRepos.some((r) => r.storageAccount === account && r.deletionProtection),
      });
      if (!created.has(account)) created.set(account, storage.account);
      return { repo, storage };
    });
    if (accounts.length > 0) {
      new TerraformOutput(this, "storage_accounts", {
        value: Object.fromEntries(accounts.map(({ repo }) => [repo.name, { account: repo.storageAccount, container: repo.container }])),
        description: "Storage account and container of each cloud repository",
      });
      new TerraformOutput(this, "storage_account_keys", {
        value: Object.fromEntries(accounts.map(({ repo, storage }) => [repo.name, storage.account.primaryAccessKey])),
        sensitive: true,
        description: "Primary key of each repository's account: Veeam's credentials record (Add-VBRAzureBlobAccount -Name -SharedKey), which also signs tenants' SAS links. Secret: also in the state, which must be encrypted",
      });
    }
    if (s.cloud !== "azure") return;

    const network = new AzureBackupServerNetwork(this, "network", { backupServer: s, ...where, namePrefix: prefix });
    // NAT for the private subnets' egress (gateways leave through their own public IPs). Kept at the
    // stack's root so that its public IP, which partners may allow-list, keeps its logical id.
    const natIp = new PublicIp(this, "nat-ip", { ...where, name: azureName("publicIp", prefix, "nat"), allocationMethod: "Static", sku: "Standard" });
    const nat = new NatGateway(this, "nat", { ...where, name: azureName("natGateway", prefix, "nat"), skuName: "Standard" });
    new NatGatewayPublicIpAssociation(this, "nat-ip-association", { natGatewayId: nat.id, publicIpAddressId: natIp.id });
    for (const [role, subnet] of network.subnets) {
      if (role !== "gateway") new SubnetNatGatewayAssociation(this, `nat-association-${role}`, { subnetId: subnet.id, natGatewayId: nat.id });
    }

    const context: AzureHostContext = {
      ...where,
      serviceProvider: sp,
      ...(s.images ? { images: s.images } : {}),
      windowsAdminPassword: new TerraformVariable(this, "windows_admin_password", {
        type: "string",
        sensitive: true,
        description: "Password of the Windows hosts' administrator (vccadmin)",
      }).stringValue,
      ...(s.hosts.some((h) => h.os === "linux")
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
          resourceGroupName: new TerraformVariable(this, "dns_zone_resource_group", { type: "string", description: `Resource group of the Azure DNS zone ${s.dnsZone}, where each gateway gets its A record` }).stringValue,
        }
      : undefined;
    const place = (h: M.Host) => ({ context, subnet: network.subnets.get(h.role)!, applicationSecurityGroup: network.groups.get(groupOf(h.role, h.os))! });
    // Construct ids come from hostConstructId: `server_vm`, `proxy-<name>_vm`, `gateway-<name>_host_vm`
    // and `wan-<name>_host_vm` are the logical ids the VMs had before, so none is replaced.
    const builder: CloudHostBuilder = {
      host: (h, hid) => ({ privateIp: new AzureHost(this, hid, { host: h, ...place(h) }).nic.privateIpAddress }),
      gateway: (g, gid) => {
        const gw = new AzureCloudGateway(this, gid, { host: g, ...place(g), ...(dnsZone ? { dnsZone } : {}) });
        return { privateIp: gw.host.nic.privateIpAddress, publicIp: gw.publicIp.ipAddress };
      },
      wanAccelerator: (w, wid) => ({ privateIp: new AzureWanAccelerator(this, wid, { host: w, ...place(w) }).host.nic.privateIpAddress }),
    };
    const { gateways, hosts } = buildHosts(s, builder);
    hostsOutput(this, hosts);
    new TerraformOutput(this, "gateways", { value: gateways, description: "Each cloud gateway's DNS name, public IP and port, for tenants' connection settings" });
    new TerraformOutput(this, "nat_public_ip", { value: natIp.ipAddress, description: "Where the backup server's, proxies' and WAN accelerators' traffic comes from" });
  }
}
