import { AzurermBackend, GcsBackend, LocalBackend, S3Backend, TerraformStack } from "../lib/cdktf";
import { Backend } from "../lib/model/model";

/**
 * Points a stack's state at the configured backend, one state per stack. A local state path is
 * relative (to the stack's folder), never an absolute path of the machine that synthesized.
 *
 * @param localPath the local state file, relative to the stack's output folder
 */
export function applyBackend(stack: TerraformStack, backend: Backend, stackName: string, localPath: string): void {
  switch (backend.type) {
    case "s3":
      new S3Backend(stack, {
        bucket: backend.bucket as string,
        key: `${backend.keyPrefix}/${stackName}.tfstate`,
        region: backend.region as string,
        encrypt: true,
        ...(backend.dynamodbTable ? { dynamodbTable: backend.dynamodbTable } : {}),
      });
      return;
    case "azurerm":
      new AzurermBackend(stack, {
        resourceGroupName: backend.resourceGroup as string,
        storageAccountName: backend.storageAccount as string,
        containerName: backend.container as string,
        key: `${backend.keyPrefix}/${stackName}.tfstate`,
      });
      return;
    case "gcs":
      new GcsBackend(stack, { bucket: backend.bucket as string, prefix: `${backend.prefix}/${stackName}` });
      return;
    default:
      new LocalBackend(stack, { path: localPath });
  }
}
