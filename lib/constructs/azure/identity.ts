import { Construct } from "constructs";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";

/** What Veeam's Entra ID identity needs on an account in direct mode (domain-facts.md). */
export const DIRECT_MODE_ROLES = ["Storage Account Contributor", "Storage Blob Data Contributor", "Storage Blob Data Owner"] as const;

export interface BackupServerStorageIdentityProps {
  /** Name of the managed identity. */
  readonly name: string;
  /** Resource group of the resources. */
  readonly resourceGroupName: string;
  /** Azure location of the resources. */
  readonly location: string;
  /** The direct-mode accounts; the roles are scoped to each account, nothing broader. */
  readonly accounts: ReadonlyArray<{ readonly repository: string; readonly account: StorageAccount }>;
}

/**
 * The backup server's managed identity for direct-mode Azure Blob repositories: exactly the three
 * roles Veeam names, on each direct-mode account and nowhere else.
 */
export class BackupServerStorageIdentity extends Construct {
  readonly identity: UserAssignedIdentity;

  constructor(scope: Construct, id: string, props: BackupServerStorageIdentityProps) {
    super(scope, id);
    this.identity = new UserAssignedIdentity(this, "identity", { name: props.name, resourceGroupName: props.resourceGroupName, location: props.location });
    for (const { repository, account } of props.accounts) {
      for (const role of DIRECT_MODE_ROLES) {
        new RoleAssignment(this, `${repository}-${role.toLowerCase().replace(/ /g, "-")}`, {
          scope: account.id,
          roleDefinitionName: role,
          principalId: this.identity.principalId,
          principalType: "ServicePrincipal",
        });
      }
    }
  }
}
