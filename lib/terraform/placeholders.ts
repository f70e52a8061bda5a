/**
 * Placeholder strings for what only the cloud knows, shaped like the real thing where the AWS
 * provider checks the shape at plan time. A reference to a placeholder is a known value in the
 * plan of the new configuration, so the provider validates it: `launch_template.id` must start
 * with `lt-`, an ARN must parse. Everything else gets a readable
 * `vcc-iac-placeholder:<address>.<attribute>`.
 *
 * Deterministic: the same configuration gives the same placeholders, so a resource that did not
 * change sees the same values on both sides of the comparison.
 */
import { createHash } from "crypto";

/** The prefix of the IDs EC2 gives each resource type (and the VPC security group rules). */
const ID_PREFIX: Readonly<Record<string, string>> = {
  aws_default_security_group: "sg-",
  aws_ebs_volume: "vol-",
  aws_eip: "eipalloc-",
  aws_eip_association: "eipassoc-",
  aws_instance: "i-",
  aws_internet_gateway: "igw-",
  aws_key_pair: "key-",
  aws_launch_template: "lt-",
  aws_nat_gateway: "nat-",
  aws_network_interface: "eni-",
  aws_route_table: "rtb-",
  aws_route_table_association: "rtbassoc-",
  aws_security_group: "sg-",
  aws_subnet: "subnet-",
  aws_vpc: "vpc-",
  aws_vpc_endpoint: "vpce-",
  aws_vpc_security_group_egress_rule: "sgr-",
  aws_vpc_security_group_ingress_rule: "sgr-",
};

/** Resource types whose ID is one of their own (known) attributes. */
const ID_IS: Readonly<Record<string, string>> = {
  aws_iam_instance_profile: "name",
  aws_iam_role: "name",
  aws_iam_user: "name",
  aws_s3_bucket: "bucket",
};

function hex(label: string, length: number): string {
  return createHash("sha256").update(label).digest("hex").slice(0, length);
}

/**
 * The placeholder for the string at `path` (`id`, `root_block_device.0.volume_id`) of resource
 * `address` of type `type`; `known` are the resource's values known at plan time.
 */
export function placeholderString(type: string, address: string, path: string, known: unknown): string {
  const label = `${address}.${path}`;
  const name = path.slice(path.lastIndexOf(".") + 1);
  if (path === "id") {
    const from = ID_IS[type];
    const value = from && known !== null && typeof known === "object" ? (known as Record<string, unknown>)[from] : undefined;
    if (typeof value === "string" && value !== "") return value;
    const prefix = ID_PREFIX[type];
    if (prefix) return `${prefix}${hex(label, 17)}`;
  }
  if (name === "arn" || name.endsWith("_arn")) {
    const service = type.split("_")[1] ?? "vcc-iac";
    return `arn:aws:${service}:us-east-1:123456789012:vcc-iac-placeholder/${label}`;
  }
  if (name === "ip" || name.endsWith("_ip")) {
    // TEST-NET-1 (RFC 5737): never a real host.
    return `192.0.2.${parseInt(hex(label, 2), 16) % 254 + 1}`;
  }
  return `vcc-iac-placeholder:${label}`;
}
