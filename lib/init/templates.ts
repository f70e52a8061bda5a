/**
 * `vcc-iac init`: a commented starter configuration per cloud. Each validates as written (a test
 * checks every one); the values to change are marked CHANGE.
 */

export type StarterCloud = "aws" | "azure" | "google";

const HEADER = (schema: string) => `# yaml-language-server: $schema=${schema}
#
# A starter vcc-iac configuration: one backup server, two pooled cloud gateways, one object-storage
# repository and one tenant. Replace every value marked CHANGE, then:
#   vcc-iac validate sp.yaml     # Veeam's rules; FILE:LINE:COL: error|warning RULE-ID: message
#   vcc-iac plan sp.yaml         # what it builds, in Cloud Connect terms
#   vcc-iac synth sp.yaml        # Terraform stacks in cdktf.out/stacks/<stack>/cdk.tf.json
#   vcc-iac stacks sp.yaml       # what each stack needs from you
# The format: docs/configuration.md of vcc-iac.
apiVersion: vcc-iac/v1
kind: CloudConnect
metadata:
  name: acme                      # CHANGE: your company; it prefixes cloud resource names
  tags: { owner: platform-team }  # on every resource that takes tags

# Where Terraform keeps each stack's state. Without a backend, state files lie beside this file:
# fine for a trial, not for an estate (they hold the keys Veeam connects with).
`;

/** The server's DNS zone and its two pooled gateways: the same on every cloud. */
const GATEWAYS = (zone: string) => `    dnsZone: cc.acme.example      # CHANGE: ${zone} where each gateway gets its A record
    gateways:                     # tenants connect to these; two, so one may be down
      - { name: gw-1, dnsName: gw1.cc.acme.example }
      - { name: gw-2, dnsName: gw2.cc.acme.example }
    gatewayPools:
      - { name: pool-1, gateways: [gw-1, gw-2] }
`;

const TENANT = (repository: string) => `
tenants:
  - name: Contoso                 # CHANGE: the tenant's account name in Veeam
    backupServer: vbr-1
    description: First tenant
    gatewayPools: [pool-1]
    backup:
      - repository: ${repository}
        quotaGb: 500              # sold quota, in GB
`;

const BODY: Readonly<Record<StarterCloud, string>> = {
  aws: `backend:
  type: s3
  bucket: acme-terraform-state    # CHANGE: an existing, encrypted, versioned bucket
  region: eu-west-1
  keyPrefix: vcc-iac

backupServers:
  - name: vbr-1
    cloud: aws
    region: eu-west-1             # CHANGE
    account:
      aws: { accountId: "123456789012" }   # CHANGE: the AWS account this server's stack deploys into
    network:
      cidr: 10.20.0.0/16          # the server's VPC
      adminCidrs: [198.51.100.0/24]        # CHANGE: where administrators connect from (RDP, SSH, console)
${GATEWAYS("the Route 53 zone")}    repositories:
      - name: s3-1
        storage: aws-s3
        bucket: acme-vcc-backups-1  # CHANGE: globally unique
        immutabilityDays: 30      # object lock: backups cannot be deleted for 30 days
${TENANT("s3-1")}`,
  azure: `backend:
  type: azurerm
  resourceGroup: acme-tfstate     # CHANGE: an existing storage account for the state
  storageAccount: acmetfstate
  container: tfstate
  keyPrefix: vcc-iac

backupServers:
  - name: vbr-1
    cloud: azure
    region: westeurope            # CHANGE
    account:
      azure: { subscriptionId: 00000000-0000-4000-8000-000000000000 }  # CHANGE: the subscription of this server's stack
    network:
      cidr: 10.30.0.0/16          # the server's virtual network
      adminCidrs: [198.51.100.0/24]        # CHANGE: where administrators connect from
${GATEWAYS("the Azure DNS zone")}    repositories:
      - name: blob-1
        storage: azure-blob
        storageAccount: acmevccbackups1   # CHANGE: globally unique, 3 to 24 lowercase letters and digits
        container: cloudconnect
        immutabilityDays: 30
${TENANT("blob-1")}`,
  google: `backend:
  type: gcs
  bucket: acme-terraform-state    # CHANGE: an existing bucket for the state
  prefix: vcc-iac

backupServers:
  - name: vbr-1
    cloud: google
    region: europe-west1          # CHANGE
    account:
      google: { project: acme-vcc-1 }      # CHANGE: the project of this server's stack
    network:
      cidr: 10.40.0.0/16
      adminCidrs: [198.51.100.0/24]        # CHANGE: where administrators connect from
${GATEWAYS("the Cloud DNS zone")}    repositories:
      - name: gcs-1
        storage: google-cloud-storage
        bucket: acme-vcc-backups-1  # CHANGE: globally unique
        immutabilityDays: 30
${TENANT("gcs-1")}`,
};

/** The starter configuration for `cloud`, its modeline pointing at `schema` (a path or URL). */
export function starterConfiguration(cloud: StarterCloud, schema: string): string {
  return `${HEADER(schema)}${BODY[cloud]}`;
}
