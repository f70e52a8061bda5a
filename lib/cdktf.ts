/**
 * The one place that imports `cdktf`. cdktf was archived upstream in December 2025; its community
 * fork (CDK Terrain) keeps the same API, so moving means changing this file.
 */
export {
  App,
  AzurermBackend,
  Fn,
  GcsBackend,
  LocalBackend,
  S3Backend,
  TerraformElement,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Testing,
} from "cdktf";
export type { ITerraformDependable, TerraformResourceLifecycle } from "cdktf";
