import { Construct } from "constructs";
import { IamAccessKey } from "@cdktf/provider-aws/lib/iam-access-key";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamUser } from "@cdktf/provider-aws/lib/iam-user";
import { IamUserPolicyAttachment } from "@cdktf/provider-aws/lib/iam-user-policy-attachment";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { PolicyDocument } from "./policies";

export interface VeeamIamUserProps {
  /** The user's name (unique per account: lib/domain/names.ts). */
  readonly userName: string;
  /** The name of its managed policy. */
  readonly policyName: string;
  /** IAM path of the user and its policy. */
  readonly path: string;
  /** What the user is for, shown in the IAM console. */
  readonly description: string;
  /** Exactly the permissions Veeam documents (see policies.ts). */
  readonly policy: PolicyDocument;
  /**
   * The provider to create them with: an aliased one pointed at an S3-compatible storage's IAM.
   * @default the stack's AWS provider
   */
  readonly provider?: AwsProvider;
}

/**
 * The IAM user Veeam connects to object storage with, its access key, and exactly Veeam's
 * documented permissions. Veeam does not use the host's cloud identity for object storage: "Veeam
 * Backup & Replication does not use permissions from the EC2 instance. Instead ... it uses ...
 * IAM user credentials ... added as Veeam Backup & Replication cloud credentials record"
 * (https://helpcenter.veeam.com/docs/vbr_aws/deployment/permissions.html). The secret key leaves
 * the stack only as a sensitive output (it lives in the Terraform state, which must be encrypted).
 * The policy is a managed one: an inline policy of a user takes at most 2,048 characters.
 */
export class VeeamIamUser extends Construct {
  readonly user: IamUser;
  readonly policy: IamPolicy;
  readonly accessKey: IamAccessKey;

  constructor(scope: Construct, id: string, props: VeeamIamUserProps) {
    super(scope, id);
    const provider = props.provider ? { provider: props.provider } : {};
    // The stack's default tags reach AWS resources; an S3-compatible IAM may not take tags at all.
    this.user = new IamUser(this, "user", { ...provider, name: props.userName, path: props.path, forceDestroy: false });
    this.policy = new IamPolicy(this, "policy", { ...provider, name: props.policyName, path: props.path, description: props.description, policy: JSON.stringify(props.policy) });
    new IamUserPolicyAttachment(this, "policy-attachment", { ...provider, user: this.user.name, policyArn: this.policy.arn });
    this.accessKey = new IamAccessKey(this, "access-key", { ...provider, user: this.user.name });
  }
}
