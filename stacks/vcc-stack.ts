import { Construct, Node } from "constructs";
import { TerraformElement, TerraformStack } from "../lib/cdktf";
import * as M from "../lib/model/model";

/** What every stack of a backup server is built from. */
export interface BackupServerStackProps {
  /** The normalized model of the whole file. */
  readonly model: M.Model;
  /** The backup server the stack belongs to. */
  readonly backupServer: M.BackupServer;
  /** Local state file, relative to the stack's output folder (used with the local backend). */
  readonly localStatePath: string;
}

/**
 * A stack whose logical ids are the construct path, readable and without hashes:
 * `aws_s3_bucket.repo-s3-eu_bucket`, not `aws_s3_bucket.repos3eu_Bucket_3F2A1B`. Construct ids are
 * therefore a public contract: changing one replaces the resource.
 *
 * Names come from the YAML (letters, digits and hyphens, validated), joined with `_`, which no name
 * contains, so two paths never share an id. cdktf would silently merge two elements with one id;
 * this stack refuses instead.
 */
export class VccStack extends TerraformStack {
  private readonly allocated = new Map<string, string>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
  }

  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = element instanceof TerraformElement ? element.node : element;
    // cdktf's own elements (cross-stack outputs and remote state) carry ids such as
    // `cross-stack-output-aws_iam_role.server-identity_role.arn`: their dots become "_". Ours never
    // contain such characters; the collision check below guards against any merge this could cause.
    const components = node.scopes.slice(node.scopes.indexOf(this) + 1).map((c) => c.node.id.replace(/[^A-Za-z0-9_-]/g, "_"));
    const id = components.join("_");
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(id)) {
      throw new Error(`internal error: logical id '${id}' (${node.path}) is not a valid Terraform name`);
    }
    const other = this.allocated.get(id);
    if (other !== undefined && other !== node.path) {
      throw new Error(`internal error: '${node.path}' and '${other}' would share the logical id '${id}'`);
    }
    this.allocated.set(id, node.path);
    return id;
  }
}
