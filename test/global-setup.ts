/**
 * Before any test: find the local Terraform provider mirror the way .ci/run does
 * (lib/terraform/mirror.ts), so `npm test` on an offline machine passes where CI passes. The test
 * workers inherit VCC_IAC_TF_PLUGIN_DIR. Without terraform or a mirror the terraform tests say so
 * loudly.
 */
import { useProviderMirror } from "../lib/terraform/mirror";

export default function globalSetup(): void {
  useProviderMirror();
}
