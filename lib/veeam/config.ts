/**
 * One backup server's Cloud Connect configuration in Veeam's own words: what `vcc-iac veeam FILE`
 * prints (`--format json`, the documented shape `vcc-iac-veeam/v1`), what a plan compares, built
 * from the YAML (desired) or from what the read script found on the backup server (current, see
 * state.ts). Units are the format's (GB, MHz, the format's throttling units); the cmdlets' units
 * are converted in calls.ts and state.ts (units.ts). veeam-mapping.md maps each part.
 */

/** How a Veeam object is named in a plan: its kind in Veeam's words. */
export type ObjectKind =
  | "managed server"
  | "TLS certificate"
  | "cloud gateway"
  | "gateway pool"
  | "WAN accelerator"
  | "credentials record"
  | "object storage repository"
  | "public IP address"
  | "hardware plan"
  | "tenant"
  | "subtenant";

/** A server the backup server manages: a cloud host vcc-iac built (gateway, gateway server, WAN accelerator). */
export interface ManagedServer {
  /** The YAML host. */
  readonly host: string;
  /** The name Veeam knows it by: the host's private address (its fixed `address`, or the Terraform output `hosts`); null until known. */
  readonly name: string | null;
  readonly os: "windows" | "linux";
  /** The YAML host it is and the roles it takes, for people: "cloud gateway gw-1". */
  readonly description: string;
}

/** The TLS certificate of Cloud Connect: a PFX on the backup server, applied when its thumbprint differs. */
export interface CertificateSpec {
  /** The PFX's file name; the apply script looks for it in its -CertificateDirectory. */
  readonly pfxFile: string;
  /** The environment variable on the backup server that holds the PFX password. */
  readonly passwordEnv: string;
}

export interface CloudGatewaySpec {
  /** The YAML gateway (Veeam names a gateway after its managed server). */
  readonly gateway: string;
  /** Its managed server's name; null until known. */
  readonly server: string | null;
  /** NAT on every public cloud (1:1 NAT gives the NIC a private address). */
  readonly networkMode: "NAT" | "Direct";
  /** The public address tenants reach (-IpAddress); null until the Terraform output is given. */
  readonly ipAddress: string | null;
  /** The external port tenants connect to (-NATPort; see the reference's defect, DEFECTS.md). */
  readonly natPort: number;
  /** The port the gateway listens on behind the NAT (-IncomingPort). */
  readonly incomingPort: number;
  /** The DNS name tenants use: not a cmdlet parameter, shown for people (and in the read-back description). */
  readonly dnsName: string;
  readonly description: string;
}

export interface GatewayPoolSpec {
  readonly name: string;
  /** Its gateways, by YAML gateway name. */
  readonly gateways: readonly string[];
  readonly description: string;
}

export interface WanAcceleratorSpec {
  readonly name: string;
  /** Its managed server's name; null until known. */
  readonly server: string | null;
  /**
   * The global cache per source accelerator (`cacheGb`): "The global cache size is specified per
   * source WAN accelerator ... the specified amount of space will be allocated for every source WAN
   * accelerator" (User Guide, https://helpcenter.veeam.com/docs/vbr/userguide/wan_global_cache.html).
   * The disk holds sourceAccelerators x cacheGb (domain/sizing.ts).
   */
  readonly cacheSizeGb: number;
  readonly description: string;
}

/**
 * Where a secret comes from on the backup server, never its value: a sensitive Terraform output of
 * the server's stacks (`veeam_credentials`, and the path inside its value), or an environment
 * variable (the keys of S3-compatible storage without IAM, which the SP gives Terraform too).
 */
export type SecretRef = { readonly output: string; readonly path: readonly string[]; readonly decode?: "base64" } | { readonly env: string };

export interface CredentialsSpec {
  /** vcc-iac's key for the record: `aws`, `s3-compatible:<repository>`, `azure:<account>`, `google`, `google-compute`. */
  readonly key: string;
  readonly kind: "amazon" | "azure" | "google" | "google-compute";
  /** The record's name where Veeam has one: the Azure storage account, the Google Compute account. */
  readonly name: string | null;
  /** What Veeam's record shows; vcc-iac recognizes its records by the `vcc-iac:` prefix and key. */
  readonly description: string;
  /** The access key (or account name, or JSON key) and the secret, from the server's stack outputs. */
  readonly secrets: Readonly<Record<string, SecretRef>>;
}

export interface RepositorySpec {
  readonly name: string;
  readonly type: "AmazonS3" | "AmazonS3Compatible" | "AzureBlob" | "GoogleCloud";
  readonly description: string;
  /** Bucket (AWS, S3-compatible, Google) or container (Azure). */
  readonly bucket: string;
  /** Azure only: the storage account. */
  readonly storageAccount: string | null;
  /** The folder in the bucket Veeam uses. */
  readonly folder: string;
  readonly region: string | null;
  /** S3-compatible only: the service point (endpoint). */
  readonly servicePoint: string | null;
  readonly connectionType: "Direct" | "Gateway";
  /** Gateway mode: the managed servers that run the data movers (null: address not known yet); empty: the backup server itself. */
  readonly gatewayServers: ReadonlyArray<string | null>;
  readonly immutabilityDays: number | null;
  /** The credentials record's key. */
  readonly credentials: string;
  /** S3-compatible: Set-VBRS3CompatibleRepositorySecurityOptions. */
  readonly securityOptions: { readonly accessControlPolicy: string; readonly iamEndpoint: string | null; readonly stsEndpoint: string | null } | null;
  /** Google direct mode: the helper appliance Veeam deploys, from the stack output `helper_appliance`. */
  readonly helperAppliance: { readonly region: string; readonly subnetwork: string | null; readonly computeCredentials: string } | null;
}

export interface HardwarePlanSpec {
  readonly name: string;
  readonly platform: "VMware" | "HyperV";
  /** The ESXi or Hyper-V host (or cluster) as the backup server knows it. */
  readonly host: string;
  /** null: unlimited. */
  readonly cpuMhz: number | null;
  readonly memoryGb: number | null;
  readonly datastores: ReadonlyArray<{ readonly datastore: string; readonly friendlyName: string; readonly quotaGb: number }>;
  readonly networksWithInternet: number;
  readonly networksWithoutInternet: number;
  readonly description: string;
}

export interface BackupResourceSpec {
  /** The repository's name. */
  readonly repository: string;
  readonly friendlyName: string;
  readonly quotaGb: number;
  /** A WAN accelerator's name, or null. */
  readonly wanAccelerator: string | null;
}

export interface TenantSpec {
  readonly name: string;
  readonly description: string;
  readonly enabled: boolean;
  /** yyyy-MM-dd, or null: never expires. */
  readonly leaseExpires: string | null;
  readonly throttling: { readonly value: number; readonly unit: "Mbps" | "MBps" | "KBps" } | null;
  readonly maxConcurrentTasks: number;
  readonly gatewaySelection: "GatewayPool" | "StandaloneGateways";
  readonly gatewayPools: readonly string[];
  readonly gatewayFailover: boolean;
  /** Backup quotas (backup resources). */
  readonly quotas: readonly BackupResourceSpec[];
  /** Hardware plan subscriptions; null: no replication resources. */
  readonly replication: {
    readonly hardwarePlans: ReadonlyArray<{ readonly hardwarePlan: string; readonly wanAccelerator: string | null }>;
    /** The provider-side network extension appliance Veeam deploys: its address, and public IPs. */
    readonly networkExtension: { readonly ipAddress: string | null; readonly publicIps: number } | null;
  } | null;
  readonly subtenants: readonly SubtenantSpec[];
}

export interface SubtenantSpec {
  readonly name: string;
  /** The tenant's backup resource (its friendly name) the subtenant takes from. */
  readonly friendlyName: string;
  /** null: unlimited (up to the tenant's quota). */
  readonly quotaGb: number | null;
}

/** One backup server's Cloud Connect configuration. */
export interface VeeamServerConfig {
  /** The YAML's backup server. */
  readonly name: string;
  readonly managedServers: readonly ManagedServer[];
  readonly certificate: CertificateSpec | null;
  readonly gateways: readonly CloudGatewaySpec[];
  readonly gatewayPools: readonly GatewayPoolSpec[];
  readonly wanAccelerators: readonly WanAcceleratorSpec[];
  readonly credentials: readonly CredentialsSpec[];
  readonly repositories: readonly RepositorySpec[];
  /** Public addresses for full failover, one by one. */
  readonly publicIps: readonly string[];
  readonly hardwarePlans: readonly HardwarePlanSpec[];
  /** Tenants, each with its quotas and subtenants. */
  readonly tenants: readonly TenantSpec[];
}

/** The document `vcc-iac veeam FILE --format json` prints. */
export interface VeeamDocument {
  readonly format: "vcc-iac-veeam/v1";
  readonly serviceProvider: string;
  readonly backupServers: readonly VeeamServerConfig[];
  /** What the desired configuration could not say without the Terraform outputs (addresses). */
  readonly missing: readonly string[];
}

export const VEEAM_FORMAT = "vcc-iac-veeam/v1";

/** The `vcc-iac:` marker vcc-iac writes into every description it sets, to recognize its objects. */
export const MARK = "vcc-iac";
