/**
 * The one place that imports `cdktf`. cdktf was archived upstream in December 2025; its community
 * fork (CDK Terrain) keeps the same API, so moving means changing this file.
 */
export {
  App,
  Aspects,
  AzurermBackend,
  Fn,
  GcsBackend,
  LocalBackend,
  S3Backend,
  TerraformElement,
  TerraformIterator,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Testing,
} from "cdktf";
export type { IAspect, ITerraformDependable, TerraformResourceLifecycle } from "cdktf";

/**
 * Runs `build` (constructing and synthesizing an app) with cdktf's token stack traces switched off.
 * cdktf captures and formats a full stack trace for every token it creates, only to show it if
 * that token later fails to resolve (an internal error); with thousands of tenants that costs
 * about a fifth of synthesis. `VCC_IAC_DEBUG=1` keeps them.
 */
export function withoutTokenStackTraces<T>(build: () => T): T {
  if (process.env.VCC_IAC_DEBUG) return build();
  const previous = Error.prepareStackTrace;
  Error.prepareStackTrace = () => "";
  try {
    return build();
  } finally {
    Error.prepareStackTrace = previous;
  }
}
