import { Construct } from "constructs";
import { ResourceGroupTemplateDeployment } from "@cdktf/provider-azurerm/lib/resource-group-template-deployment";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { azureName } from "../../domain/names";
import * as M from "../../model/model";

/** Veeam's SAS links live 30 days; the account's SAS expiration policy matches (d.hh:mm:ss). */
export const SAS_EXPIRATION_PERIOD = "30.00:00:00";

/** API version of the ARM template that creates an immutable container. */
const CONTAINER_API_VERSION = "2023-05-01";

export interface AzureRepositoryStorageAccountProps {
  /** An `azure-blob` repository. */
  readonly repository: M.Repository;
  /** Resource group of the account (and of the template deployment of an immutable container). */
  readonly resourceGroupName: string;
  /** Azure location of the account: the repository's region (the model defaults it to the server's on Azure). */
  readonly location: string;
  /** Tags of every taggable resource (metadata.tags, escaped, and vcc-iac's own). */
  readonly tags: Readonly<Record<string, string>>;
  /**
   * The account, when an earlier repository of the same server already created it (two
   * repositories, two containers, one account).
   * @default a new account, named by the repository's storageAccount
   */
  readonly account?: StorageAccount;
  /**
   * Whether the account is protected from `terraform destroy`: true when any repository on it asks.
   * @default the repository's deletionProtection
   */
  readonly protectAccount?: boolean;
}

/**
 * The storage account and container of an `azure-blob` cloud repository, as Veeam requires them:
 * StorageV2, HTTPS only, TLS 1.2, no public nested items, blob versioning on, no blob soft delete
 * and no lifecycle rules, a SAS expiration policy of 30 days (Veeam's SAS links), shared key on
 * (Veeam signs the SAS with the account key: a listed exception), a private container. Both carry
 * prevent_destroy unless the repository says `deletionProtection: false`, and their logical ids
 * (`<id>_account`, `<id>_container`, `<id>_immutable-container`) never change: a new id would plan
 * the tenants' backups away.
 *
 * Veeam's rules (User Guide, "Microsoft Azure Object Storage Considerations and Limitations",
 * https://helpcenter.veeam.com/docs/vbr/userguide/azure_limitations.html): "Data in an Azure
 * container must be managed solely by Veeam ... make sure that you do NOT enable the default
 * retention option ... enabling lifecycle rules is not supported"; "does not support soft delete
 * for blobs"; "You cannot create Azure containers or storage accounts from the backup
 * infrastructure" (so the IaC does); "does not support object-level immutability and default
 * immutability policies assigned to Azure storage accounts. You must set immutability for an
 * Azure container".
 *
 * Veeam connects with the account's name and key (`Add-VBRAzureBlobAccount -Name -SharedKey`,
 * veeam-mapping.md) and signs tenants' SAS links with that key; it never uses a managed identity,
 * so the account grants no role to anyone.
 *
 * With immutabilityDays, the container needs version-level immutability support and no default
 * policy. azurerm 4.x cannot express that on azurerm_storage_container
 * (hashicorp/terraform-provider-azurerm#21512), and it can only be switched on when the container
 * is created, so such a container is created through an ARM template deployment (an azurerm
 * resource) with `immutableStorageWithVersioning.enabled`. Veeam sets retention per blob version.
 */
export class AzureRepositoryStorageAccount extends Construct {
  /** The repository's account: created here, or the shared one it was given. */
  readonly account: StorageAccount;
  /** The container, or the template deployment that created it (immutable repositories). */
  readonly container: StorageContainer | ResourceGroupTemplateDeployment;

  constructor(scope: Construct, id: string, props: AzureRepositoryStorageAccountProps) {
    super(scope, id);
    const repo = props.repository;
    const protect = { lifecycle: { preventDestroy: repo.deletionProtection } };
    this.account = props.account ?? new StorageAccount(this, "account", {
      name: repo.storageAccount as string,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tags: { ...props.tags },
      accountKind: "StorageV2",
      accountTier: "Standard",
      accountReplicationType: "LRS",
      httpsTrafficOnlyEnabled: true,
      minTlsVersion: "TLS1_2",
      allowNestedItemsToBePublic: false,
      sharedAccessKeyEnabled: true,
      crossTenantReplicationEnabled: false,
      infrastructureEncryptionEnabled: true,
      // Tenants in direct mode write from their own networks.
      publicNetworkAccessEnabled: true,
      blobProperties: { versioningEnabled: true },
      sasPolicy: { expirationPeriod: SAS_EXPIRATION_PERIOD, expirationAction: "Log" },
      lifecycle: { preventDestroy: props.protectAccount ?? repo.deletionProtection },
    });
    const name = repo.container as string;
    if (repo.immutabilityDays === undefined) {
      this.container = new StorageContainer(this, "container", { name, storageAccountId: this.account.id, containerAccessType: "private", ...protect });
      return;
    }
    this.container = new ResourceGroupTemplateDeployment(this, "immutable-container", {
      name: azureName("deployment", repo.storageAccount as string, name),
      resourceGroupName: props.resourceGroupName,
      deploymentMode: "Incremental",
      tags: { ...props.tags },
      templateContent: JSON.stringify(immutableContainerTemplate(repo.storageAccount as string, name)),
      dependsOn: [this.account],
      ...protect,
    });
  }
}

/** The ARM template of a private container with version-level immutability support, no policy. */
export function immutableContainerTemplate(account: string, container: string): object {
  return {
    $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    contentVersion: "1.0.0.0",
    resources: [
      {
        type: "Microsoft.Storage/storageAccounts/blobServices/containers",
        apiVersion: CONTAINER_API_VERSION,
        name: `${account}/default/${container}`,
        properties: { publicAccess: "None", immutableStorageWithVersioning: { enabled: true } },
      },
    ],
  };
}
