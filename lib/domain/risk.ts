/**
 * What replacing or removing a synthesized resource costs an SP beyond the resource itself: the
 * reviews (`plan --against`, `--terraform-plan`) flag these DANGER. Keyed on resource types and
 * on the logical ids vcc-iac gives them (a public contract: see the constructs).
 */
import { DATA_RESOURCE_TYPES } from "./storage";

/** Types that hold tenants' backups. */
export const DATA_TYPES: ReadonlySet<string> = new Set(Object.values(DATA_RESOURCE_TYPES).flat());

/** Keys and the identities they belong to, which a Veeam cloud credentials record holds. */
const CREDENTIAL_TYPES: ReadonlySet<string> = new Set(["aws_iam_user", "aws_iam_access_key", "google_service_account", "google_service_account_key", "google_storage_hmac_key"]);
const HOST_TYPES: ReadonlySet<string> = new Set(["aws_instance", "azurerm_windows_virtual_machine", "azurerm_linux_virtual_machine", "google_compute_instance"]);
const PUBLIC_IP_TYPES: ReadonlySet<string> = new Set(["aws_eip", "azurerm_public_ip", "google_compute_address"]);

/** Why replacing or removing `type.logicalId` is dangerous, or undefined when it is not. */
export function riskOf(type: string, logicalId: string): string | undefined {
  if (DATA_TYPES.has(type)) return "deletes a repository's storage and the tenants' backups in it";
  if (CREDENTIAL_TYPES.has(type) && /^(veeam|helper)-identity/.test(logicalId)) {
    return "Veeam's cloud credentials record holds this identity's key: Veeam cannot reach the storage until the record gets the new one";
  }
  if (HOST_TYPES.has(type) && /^server_/.test(logicalId)) {
    return "the SP backup server's host: a new one starts without Veeam's configuration database (every gateway, repository and tenant) unless it is restored from a configuration backup";
  }
  if (PUBLIC_IP_TYPES.has(type) && /^gateway-/.test(logicalId)) {
    return "a cloud gateway's public address changes: Veeam's gateway settings must follow, and tenants reach it only once DNS has the new address";
  }
  return undefined;
}
