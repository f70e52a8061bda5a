/**
 * Where Terraform's providers and state backends take their credentials from, when nothing in the
 * stack sets them (vcc-iac never writes a credential into a stack): environment variables, one set
 * of which each run needs. These are the providers' and backends' facts, not Veeam's; each list
 * names its page and, where it was checked there, the provider source.
 */

/** One way to authenticate: every variable of `all` set (and any of `optional`). */
export interface CredentialWay {
  /** What the way is, in the provider's words. */
  readonly way: string;
  readonly all: readonly string[];
  /** @default none */
  readonly optional?: readonly string[];
}

/** The environment a provider or backend reads its credentials from. */
export interface EnvironmentCredentials {
  /** `provider aws`, `backend s3`, ... */
  readonly for: string;
  /** Any one of these. */
  readonly ways: readonly CredentialWay[];
  /** The page that lists them. */
  readonly source: string;
}

const AWS_WAYS: readonly CredentialWay[] = [
  { way: "access keys", all: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"], optional: ["AWS_SESSION_TOKEN"] },
  { way: "a named profile of the shared files", all: ["AWS_PROFILE"], optional: ["AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE"] },
  { way: "web identity (OIDC, as in CI)", all: ["AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE"], optional: ["AWS_ROLE_SESSION_NAME"] },
];

// Provider source checked: internal/provider/provider.go of azurerm 4.55.0, schema.EnvDefaultFunc
// of each argument (hashicorp/terraform-provider-azurerm). The subscription comes from the stack
// (the file's account), so the provider needs no ARM_SUBSCRIPTION_ID. ARM_USE_CLI defaults to
// true; it is named so that the way is explicit.
const ARM_WAYS: readonly CredentialWay[] = [
  { way: "a service principal with a client secret", all: ["ARM_TENANT_ID", "ARM_CLIENT_ID", "ARM_CLIENT_SECRET"] },
  { way: "a service principal with a client certificate", all: ["ARM_TENANT_ID", "ARM_CLIENT_ID", "ARM_CLIENT_CERTIFICATE_PATH"], optional: ["ARM_CLIENT_CERTIFICATE_PASSWORD"] },
  { way: "a service principal with OIDC (as in CI)", all: ["ARM_TENANT_ID", "ARM_CLIENT_ID", "ARM_USE_OIDC"], optional: ["ARM_OIDC_TOKEN", "ARM_OIDC_TOKEN_FILE_PATH"] },
  { way: "a managed identity", all: ["ARM_USE_MSI"], optional: ["ARM_CLIENT_ID"] },
  { way: "the Azure CLI's login (interactive use)", all: ["ARM_USE_CLI"] },
];

// Terraform 1.11 internal/backend/remote-state/azure/backend.go and api_client.go: without an
// access key, SAS token or Entra ID data-plane login, the backend looks the storage account's key
// up through Resource Manager, which needs the state account's subscription (the format has no
// key for it, so it comes from the environment; only the Azure CLI's login supplies its default).
const ARM_BACKEND_WAYS: readonly CredentialWay[] = [
  ...ARM_WAYS.map((w) => (w.all.includes("ARM_USE_CLI") ? w : { ...w, all: [...w.all, "ARM_SUBSCRIPTION_ID"] })),
  { way: "the storage account's access key", all: ["ARM_ACCESS_KEY"] },
  { way: "a SAS token of the state container", all: ["ARM_SAS_TOKEN"] },
];

// Provider source checked: google/transport/config.go and google/provider/provider.go
// (hashicorp/terraform-provider-google). Without any, the provider uses Application Default
// Credentials (gcloud auth application-default login, or the runner's workload identity;
// GOOGLE_APPLICATION_CREDENTIALS is read by Google's auth library then).
const GOOGLE_WAYS: readonly CredentialWay[] = [
  { way: "a service account key (JSON, or a path to it)", all: ["GOOGLE_CREDENTIALS"], optional: ["GOOGLE_IMPERSONATE_SERVICE_ACCOUNT"] },
  { way: "Application Default Credentials from a file (also workload identity federation's file)", all: ["GOOGLE_APPLICATION_CREDENTIALS"], optional: ["GOOGLE_IMPERSONATE_SERVICE_ACCOUNT"] },
  { way: "an access token", all: ["GOOGLE_OAUTH_ACCESS_TOKEN"] },
];

const PROVIDERS: Readonly<Record<string, EnvironmentCredentials>> = {
  aws: { for: "provider aws", ways: AWS_WAYS, source: "https://registry.terraform.io/providers/hashicorp/aws/5.100.0/docs#environment-variables" },
  azurerm: { for: "provider azurerm", ways: ARM_WAYS, source: "https://registry.terraform.io/providers/hashicorp/azurerm/latest/docs" },
  google: { for: "provider google", ways: GOOGLE_WAYS, source: "https://registry.terraform.io/providers/hashicorp/google/latest/docs/guides/provider_reference" },
};

const BACKENDS: Readonly<Record<string, EnvironmentCredentials>> = {
  s3: { for: "backend s3 (the state)", ways: AWS_WAYS, source: "https://developer.hashicorp.com/terraform/language/backend/s3" },
  azurerm: {
    for: "backend azurerm (the state)",
    ways: ARM_BACKEND_WAYS,
    source: "https://developer.hashicorp.com/terraform/language/backend/azurerm",
  },
  // Terraform 1.11 internal/backend/remote-state/gcs/backend.go: GOOGLE_BACKEND_CREDENTIALS is the
  // state's own key, before GOOGLE_CREDENTIALS.
  gcs: {
    for: "backend gcs (the state)",
    ways: [{ way: "a service account key for the state only (JSON, or a path to it)", all: ["GOOGLE_BACKEND_CREDENTIALS"] }, ...GOOGLE_WAYS],
    source: "https://developer.hashicorp.com/terraform/language/backend/gcs",
  },
};

/**
 * What a stack's runs need in the environment: its providers' credentials, then its backend's.
 * Providers whose every block sets its own keys (S3-compatible storage, from variables) need none.
 */
export function environmentOf(json: { readonly provider?: Record<string, ReadonlyArray<Record<string, unknown>>>; readonly terraform?: Record<string, unknown> }): EnvironmentCredentials[] {
  const out: EnvironmentCredentials[] = [];
  for (const [name, blocks] of Object.entries(json.provider ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const needsEnvironment = blocks.some((b) => b.access_key === undefined);
    if (needsEnvironment && PROVIDERS[name]) out.push(PROVIDERS[name]);
  }
  const backend = json.terraform?.backend;
  const type = backend && typeof backend === "object" ? Object.keys(backend)[0] : undefined;
  if (type && BACKENDS[type]) out.push(BACKENDS[type]);
  return out;
}
