/**
 * State building without Terraform: the expression subset, type conversion, placeholders and
 * buildState on a hand-written schema and plan (the shapes `terraform providers schema -json`
 * and `terraform show -json` print). test/terraform/classify.test.ts checks the same code
 * against the real Terraform and AWS provider.
 */
import { actionOf, prepareConfig } from "../../lib/terraform/classify";
import { Traversal, UnsupportedExpression, evaluate, evaluateTemplate, parseTemplate } from "../../lib/terraform/expression";
import { placeholderString } from "../../lib/terraform/placeholders";
import { errorSummary, variableValues } from "../../lib/terraform/run";
import { ProviderSchemas, ResourceSchema, SchemaBlock, parseProviderSchemas, placeholder } from "../../lib/terraform/schema";
import { PlanJson, StateV4, buildState, convert, referencedAttributes, sensitivePaths } from "../../lib/terraform/state";

const values: Record<string, unknown> = {
  "aws_vpc.v": { id: "vpc-1", cidr_block: "10.0.0.0/16", ids: ["a", "b"], tags: { Name: "n" }, blocks: [{ id: "x" }], port: 443, on: true, none: null },
};

/** Resolves `type.name.attr...` from `values`, `var.v` to "V". */
const resolve = (t: Traversal): unknown => {
  if (t.root === "var") return "V";
  const [name, ...rest] = t.steps;
  let v: unknown = values[`${t.root}.${"attr" in name ? name.attr : ""}`];
  for (const s of rest) v = (v as Record<string, unknown>)["attr" in s ? s.attr : String(s.index)];
  if (v === undefined) throw new UnsupportedExpression("missing");
  return v;
};

describe("templates", () => {
  it("a whole-string reference keeps the referenced value's type", () => {
    expect(evaluateTemplate("${aws_vpc.v.ids}", resolve)).toEqual(["a", "b"]);
    expect(evaluateTemplate("${aws_vpc.v.port}", resolve)).toBe(443);
    expect(evaluateTemplate("${aws_vpc.v.none}", resolve)).toBeNull();
    expect(evaluateTemplate(" ${aws_vpc.v.id}", resolve)).toBe(" vpc-1");
  });

  it("references inside larger strings: suffixes, JSON policy text, numbers and bools", () => {
    expect(evaluateTemplate("${aws_vpc.v.id}/suffix", resolve)).toBe("vpc-1/suffix");
    const policy = JSON.stringify({ Statement: [{ Resource: ["${aws_vpc.v.id}", "${aws_vpc.v.id}/*"], Principal: { AWS: "${var.role}" } }] });
    expect(JSON.parse(evaluateTemplate(policy, resolve) as string)).toEqual({ Statement: [{ Resource: ["vpc-1", "vpc-1/*"], Principal: { AWS: "V" } }] });
    expect(evaluateTemplate("port ${aws_vpc.v.port} ${aws_vpc.v.on}", resolve)).toBe("port 443 true");
  });

  it("index steps: [0], .0 and [\"key\"]", () => {
    expect(evaluateTemplate("${aws_vpc.v.blocks[0].id}", resolve)).toBe("x");
    expect(evaluateTemplate("${aws_vpc.v.blocks.0.id}", resolve)).toBe("x");
    expect(evaluateTemplate('${aws_vpc.v.tags["Name"]}', resolve)).toBe("n");
    expect(evaluateTemplate("${ aws_vpc.v.id }", resolve)).toBe("vpc-1");
  });

  it("$${ and %%{ are literal ${ and %{ (literal() output), with no reference resolved", () => {
    expect(evaluateTemplate('Evil $${path.module} %%{ if true }x%%{ endif } $${file("/etc/passwd")}', resolve)).toBe('Evil ${path.module} %{ if true }x%{ endif } ${file("/etc/passwd")}');
    expect(evaluateTemplate("$$ and %% alone", resolve)).toBe("$$ and %% alone");
  });

  it("~ strips the whitespace beside the interpolation", () => {
    expect(evaluateTemplate("a  ${~aws_vpc.v.id~}  b", resolve)).toBe("avpc-1b");
    expect(evaluateTemplate("a  ${aws_vpc.v.id~}  b", resolve)).toBe("a  vpc-1b");
  });

  it.each([
    ["a function call", "${upper(var.x)}"],
    ["an operator", "${var.x + 1}"],
    ["a conditional", '${var.x == "a" ? "b" : "c"}'],
    ["a splat", "${aws_vpc.v[*].id}"],
    ["a directive", "%{ if true }x%{ endif }"],
    ["an unterminated interpolation", "${var.x"],
    ["a null joined into a string", "x-${aws_vpc.v.none}"],
    ["a list joined into a string", "x-${aws_vpc.v.ids}"],
  ])("refuses %s (never guesses)", (_what, text) => {
    expect(() => evaluateTemplate(text, resolve)).toThrow(UnsupportedExpression);
  });

  it("an error never quotes the expression", () => {
    try {
      parseTemplate("${secret_function(\"s3cr3t\")}");
      throw new Error("no error");
    } catch (e) {
      expect((e as Error).message).not.toContain("s3cr3t");
    }
  });

  it("evaluate walks lists and objects; object keys are templates too", () => {
    expect(evaluate({ "${aws_vpc.v.id}": ["${aws_vpc.v.port}", 1, null, true] }, resolve)).toEqual({ "vpc-1": [443, 1, null, true] });
  });
});

describe("convert", () => {
  it("converts as Terraform does between strings, numbers and bools", () => {
    expect(convert(443, "string", "x")).toBe("443");
    expect(convert("443", "number", "x")).toBe(443);
    expect(convert("true", "bool", "x")).toBe(true);
    expect(convert([1, 2], ["set", "string"], "x")).toEqual(["1", "2"]);
    expect(convert({ a: 1 }, ["object", { a: "string", b: "number" }], "x")).toEqual({ a: "1", b: null });
    expect(convert(undefined, "string", "x")).toBeNull();
  });

  it("refuses what does not convert, and dynamic values (a state stores their type)", () => {
    expect(() => convert("abc", "number", "x")).toThrow(UnsupportedExpression);
    expect(() => convert(["a"], "string", "x")).toThrow(UnsupportedExpression);
    expect(() => convert({ a: 1 }, "dynamic", "x")).toThrow(UnsupportedExpression);
  });
});

describe("placeholders", () => {
  it("EC2 IDs have their type's prefix; deterministic and distinct per resource", () => {
    const lt = placeholderString("aws_launch_template", "aws_launch_template.image-linux", "id", {});
    expect(lt).toMatch(/^lt-[0-9a-f]{17}$/);
    expect(placeholderString("aws_launch_template", "aws_launch_template.image-linux", "id", {})).toBe(lt);
    expect(placeholderString("aws_launch_template", "aws_launch_template.image-windows", "id", {})).not.toBe(lt);
    expect(placeholderString("aws_subnet", "aws_subnet.s", "id", {})).toMatch(/^subnet-/);
  });

  it("IDs that are a name are that name; ARNs parse; IPs are TEST-NET-1", () => {
    expect(placeholderString("aws_s3_bucket", "aws_s3_bucket.b", "id", { bucket: "acme-backups" })).toBe("acme-backups");
    expect(placeholderString("aws_iam_role", "aws_iam_role.r", "id", { name: "role-1" })).toBe("role-1");
    expect(placeholderString("aws_iam_role", "aws_iam_role.r", "arn", {})).toMatch(/^arn:aws:iam:[a-z0-9-]*:123456789012:.+/);
    expect(placeholderString("aws_eip", "aws_eip.e", "public_ip", {})).toMatch(/^192\.0\.2\.\d+$/);
    expect(placeholderString("aws_x", "aws_x.y", "device_name", {})).toBe("vcc-iac-placeholder:aws_x.y.device_name");
  });

  it("other types: zero values, empty collections, objects of placeholders", () => {
    expect(placeholder("number", "l")).toBe(0);
    expect(placeholder("bool", "l")).toBe(false);
    expect(placeholder(["set", "string"], "l")).toEqual([]);
    expect(placeholder(["map", "string"], "l")).toEqual({});
    expect(placeholder(["object", { a: "string", n: "number" }], "l")).toEqual({ a: "vcc-iac-placeholder:l.a", n: 0 });
  });
});

/** A small AWS-like schema: a VPC, a subnet with nested blocks, a bucket on an aliased provider. */
const schema = (): ProviderSchemas => {
  const tagged = { tags: { type: ["map", "string"], optional: true }, tags_all: { type: ["map", "string"], optional: true, computed: true } } as const;
  const resources: Record<string, ResourceSchema> = {
    aws_vpc: {
      version: 1,
      block: { attributes: { id: { type: "string", optional: true, computed: true }, arn: { type: "string", computed: true }, cidr_block: { type: "string", optional: true }, ...tagged } },
    },
    aws_subnet: {
      version: 0,
      block: {
        attributes: {
          id: { type: "string", optional: true, computed: true },
          vpc_id: { type: "string", required: true },
          description: { type: "string", optional: true },
          availability_zone: { type: "string", optional: true, computed: true },
          user_data: { type: "string", optional: true, computed: true },
          owner: { type: "number", computed: true },
          secret: { type: "string", optional: true, sensitive: true },
          route: { type: ["set", ["object", { cidr_block: "string", gateway_id: "string", nat_gateway_id: "string" }]], optional: true, computed: true },
          ...tagged,
        },
        block_types: {
          launch: { nesting_mode: "list", block: { attributes: { id: { type: "string", optional: true, computed: true }, name: { type: "string", optional: true, computed: true }, version: { type: "string", optional: true } } } },
          rule: { nesting_mode: "set", block: { attributes: { port: { type: "number", optional: true }, target: { type: "string", optional: true } } } },
          extra: { nesting_mode: "list", block: { attributes: { size: { type: "number", optional: true } } } },
        },
      },
    },
    aws_s3_bucket: { version: 0, block: { attributes: { id: { type: "string", optional: true, computed: true }, bucket: { type: "string", optional: true, computed: true } } } },
  };
  return parseProviderSchemas(JSON.stringify({ provider_schemas: { "registry.terraform.io/hashicorp/aws": { resource_schemas: resources } } }));
};

const config = {
  provider: { aws: [{ region: "eu-west-1", default_tags: [{ tags: { owner: "platform" } }] }, { alias: "s3-compatible-x", region: "us-east-1" }] },
  variable: { key: { type: "string" }, zone: { type: "string", default: null } },
  data: { terraform_remote_state: { infra: { backend: "local", config: { path: "x" } } } },
  resource: {
    aws_vpc: { v: { cidr_block: "10.0.0.0/16", tags: { Name: "${var.key}-vpc" } } },
    aws_subnet: {
      s: {
        vpc_id: "${aws_vpc.v.id}",
        description: "${data.terraform_remote_state.infra.outputs.role_arn}",
        launch: { id: "${aws_vpc.v.id}", version: "$Default" },
        rule: [
          { port: 443, target: "literal" },
          { port: 80, target: "${aws_vpc.v.arn}" },
        ],
        route: [{ cidr_block: "0.0.0.0/0", gateway_id: null, nat_gateway_id: "${aws_vpc.v.id}" }],
        tags: { Name: "${aws_vpc.v.id}/subnet" },
        secret: "${var.key}",
      },
    },
    aws_s3_bucket: { b: { bucket: "acme-backups", provider: "aws.s3-compatible-x" } },
  },
};

/** The plan of `config` against an empty state, as `terraform show -json` prints it. */
const plan = (): PlanJson => ({
  terraform_version: "1.11.4",
  variables: { key: { value: "mock" }, zone: { value: null } },
  configuration: {
    provider_config: {
      aws: { name: "aws", full_name: "registry.terraform.io/hashicorp/aws" },
      "aws.s3-compatible-x": { name: "aws", full_name: "registry.terraform.io/hashicorp/aws", alias: "s3-compatible-x" },
    },
    root_module: {
      resources: [
        { address: "aws_vpc.v", mode: "managed", provider_config_key: "aws" },
        { address: "aws_subnet.s", mode: "managed", provider_config_key: "aws" },
        { address: "aws_s3_bucket.b", mode: "managed", provider_config_key: "aws.s3-compatible-x" },
      ],
    },
  },
  resource_changes: [
    {
      address: "aws_vpc.v",
      mode: "managed",
      type: "aws_vpc",
      name: "v",
      provider_name: "registry.terraform.io/hashicorp/aws",
      change: { actions: ["create"], after: { cidr_block: "10.0.0.0/16", tags: { Name: "mock-vpc" }, tags_all: { Name: "mock-vpc", owner: "platform" } }, after_unknown: { id: true, arn: true, tags: {}, tags_all: {} } },
    },
    {
      address: "aws_subnet.s",
      mode: "managed",
      type: "aws_subnet",
      name: "s",
      provider_name: "registry.terraform.io/hashicorp/aws",
      change: {
        actions: ["create"],
        after: {
          launch: [{ version: "$Default" }],
          rule: [{ port: 443, target: "literal" }, { port: 80 }],
          route: [{ cidr_block: "0.0.0.0/0", gateway_id: "" }],
          extra: [],
          secret: "mock",
        },
        after_unknown: {
          id: true,
          vpc_id: true,
          description: true,
          availability_zone: true,
          user_data: true,
          owner: true,
          launch: [{ id: true, name: true }],
          rule: [{}, { target: true }],
          route: [{ nat_gateway_id: true }],
          tags: true,
          tags_all: true,
          extra: [],
        },
        after_sensitive: { secret: true, description: true, rule: [{}, {}], tags: {} },
      },
    },
    {
      address: "aws_s3_bucket.b",
      mode: "managed",
      type: "aws_s3_bucket",
      name: "b",
      provider_name: "registry.terraform.io/hashicorp/aws",
      change: { actions: ["create"], after: { bucket: "acme-backups" }, after_unknown: { id: true } },
    },
  ],
});

describe("buildState", () => {
  const state: StateV4 = buildState(plan(), config, schema(), new Set(["aws_vpc.v.id", "aws_vpc.v.arn"]));
  const of = (type: string) => state.resources.find((r) => r.type === type)!;
  const attrs = (type: string) => of(type).instances[0].attributes;

  it("every resource exists once, with its provider (aliases too) and schema version", () => {
    expect(state.version).toBe(4);
    expect(state.resources.map((r) => `${r.type}.${r.name}`)).toEqual(["aws_vpc.v", "aws_subnet.s", "aws_s3_bucket.b"]);
    expect(of("aws_vpc").provider).toBe('provider["registry.terraform.io/hashicorp/aws"]');
    expect(of("aws_s3_bucket").provider).toBe('provider["registry.terraform.io/hashicorp/aws"].s3-compatible-x');
    expect(of("aws_vpc").instances[0].schema_version).toBe(1);
  });

  it("literal values as planned; computed ones get placeholders; the ID is never empty", () => {
    expect(attrs("aws_vpc")).toEqual({
      id: expect.stringMatching(/^vpc-[0-9a-f]{17}$/),
      arn: "arn:aws:vpc:us-east-1:123456789012:vcc-iac-placeholder/aws_vpc.v.arn",
      cidr_block: "10.0.0.0/16",
      tags: { Name: "mock-vpc" },
      tags_all: { Name: "mock-vpc", owner: "platform" },
    });
    expect(attrs("aws_s3_bucket").id).toBe("acme-backups");
  });

  it("references resolve to the referenced resource's state value, also inside larger strings", () => {
    const vpcId = attrs("aws_vpc").id as string;
    const s = attrs("aws_subnet");
    expect(s.vpc_id).toBe(vpcId);
    expect(s.tags).toEqual({ Name: `${vpcId}/subnet` });
    expect(s.description).toBe("arn:aws:iam::123456789012:role/vcc-iac/mock/role_arn");
    expect(s.secret).toBe("mock");
  });

  it("an unknown tags_all is the provider's default tags merged with the resource's tags", () => {
    expect(attrs("aws_subnet").tags_all).toEqual({ owner: "platform", Name: `${attrs("aws_vpc").id as string}/subnet` });
  });

  it("nested blocks: a single block written as an object, set elements matched by their literal attributes", () => {
    const s = attrs("aws_subnet");
    expect(s.launch).toEqual([{ id: attrs("aws_vpc").id, name: null, version: "$Default" }]);
    expect(s.rule).toEqual([
      { port: 443, target: "literal" },
      { port: 80, target: attrs("aws_vpc").arn },
    ]);
    expect(s.extra).toEqual([]);
  });

  it("partly unknown attributes keep the provider's known parts (a route's unset fields stay \"\")", () => {
    expect(attrs("aws_subnet").route).toEqual([{ cidr_block: "0.0.0.0/0", gateway_id: "", nat_gateway_id: attrs("aws_vpc").id }]);
  });

  it("an optional+computed string nothing refers to is null; computed-only values have typed placeholders", () => {
    const s = attrs("aws_subnet");
    expect(s.availability_zone).toBeNull();
    expect(s.user_data).toBeNull();
    expect(s.owner).toBe(0);
    const referenced = buildState(plan(), config, schema(), new Set(["aws_subnet.s.availability_zone"]));
    expect(referenced.resources[1].instances[0].attributes.availability_zone).toBe("vcc-iac-placeholder:aws_subnet.s.availability_zone");
  });

  it("sensitive values are recorded as Terraform records them", () => {
    expect(of("aws_subnet").instances[0].sensitive_attributes).toEqual([[{ type: "get_attr", value: "secret" }], [{ type: "get_attr", value: "description" }]]);
  });

  it("refuses what it cannot evaluate, naming the resource but not the expression", () => {
    const bad = structuredClone(config);
    bad.resource.aws_subnet.s.vpc_id = '${lookup(aws_vpc.v.tags, "s3cr3t")}';
    expect(() => buildState(plan(), bad, schema())).toThrow(UnsupportedExpression);
    expect(() => buildState(plan(), bad, schema())).toThrow(/\(in aws_subnet\.s\)$/);
    try {
      buildState(plan(), bad, schema());
    } catch (e) {
      expect((e as Error).message).not.toContain("s3cr3t");
    }
  });

  it("refuses a reference cycle and a resource type without a schema", () => {
    const cyclic = structuredClone(config) as typeof config & { resource: { aws_vpc: { v: Record<string, unknown> } } };
    cyclic.resource.aws_vpc.v.arn = "${aws_subnet.s.id}";
    expect(() => buildState(plan(), cyclic, schema())).toThrow(/cycle/);
    const p = plan();
    expect(() => buildState({ ...p, resource_changes: [{ ...p.resource_changes![2], type: "aws_unknown" }] }, config, schema())).toThrow(/without a provider schema/);
  });
});

describe("sensitivePaths", () => {
  const block: SchemaBlock = {
    attributes: { m: { type: ["map", "string"] }, o: { type: ["object", { a: "string" }] }, l: { type: ["list", "string"] } },
    block_types: { b: { nesting_mode: "list", block: { attributes: { x: { type: "string" } } } } },
  };
  it("attributes and object keys are get_attr, map keys and list positions index", () => {
    expect(sensitivePaths({ m: { k: true }, o: { a: true }, l: [false, true], b: [{ x: true }] }, block)).toEqual([
      [{ type: "get_attr", value: "m" }, { type: "index", value: { value: "k", type: "string" } }],
      [{ type: "get_attr", value: "o" }, { type: "get_attr", value: "a" }],
      [{ type: "get_attr", value: "l" }, { type: "index", value: { value: 1, type: "number" } }],
      [{ type: "get_attr", value: "b" }, { type: "index", value: { value: 0, type: "number" } }, { type: "get_attr", value: "x" }],
    ]);
  });
});

describe("referencedAttributes", () => {
  it("finds type.name.attribute of the stack's resources, indexes dropped", () => {
    const refs = referencedAttributes({
      resource: { aws_vpc: { v: {} }, aws_eip: { e: { x: "${aws_vpc.v.id}", y: "${aws_vpc.v[0].arn}/x" } } },
      output: { o: { value: "${aws_eip.e.public_ip}" } },
    });
    expect([...refs].sort()).toEqual(["aws_eip.e.public_ip", "aws_vpc.v.arn", "aws_vpc.v.id"]);
  });
});

describe("prepareConfig", () => {
  const before = {
    provider: { aws: [{ region: "eu-west-1" }, { alias: "s3-compatible-old", region: "us-east-1", access_key: "${var.old_access_key}", endpoints: [{ s3: "https://s3.example" }] }] },
    terraform: { backend: { s3: { bucket: "state" } }, required_providers: { aws: { source: "aws", version: "5.99.0" } } },
  };
  const after = {
    provider: { aws: [{ region: "eu-west-1" }] },
    terraform: { backend: { s3: { bucket: "state" } }, required_providers: { aws: { source: "aws", version: "5.100.0" } } },
    resource: { aws_s3_bucket: { b: { bucket: "x", lifecycle: { prevent_destroy: true } }, c: { bucket: "y", lifecycle: { prevent_destroy: true, create_before_destroy: true } } } },
  };
  const prepared = prepareConfig(after, { aws: { source: "aws", version: "5.100.0" } }, before);

  it("a local backend on the built state and one set of provider requirements", () => {
    expect(prepared.terraform).toEqual({ required_providers: { aws: { source: "aws", version: "5.100.0" } }, backend: { local: { path: expect.stringMatching(/terraform\.tfstate$/) } } });
  });

  it("prevent_destroy goes (a replace must be planned, not refused); other lifecycle settings stay", () => {
    expect(prepared.resource!.aws_s3_bucket.b).toEqual({ bucket: "x" });
    expect(prepared.resource!.aws_s3_bucket.c).toEqual({ bucket: "y", lifecycle: { create_before_destroy: true } });
    expect(after.resource.aws_s3_bucket.b.lifecycle).toEqual({ prevent_destroy: true });
  });

  it("carries a removed provider alias over (its resources' deletion needs it), without undeclared variables", () => {
    expect(prepared.provider!.aws).toEqual([{ region: "eu-west-1" }, { alias: "s3-compatible-old", region: "us-east-1", endpoints: [{ s3: "https://s3.example" }] }]);
  });
});

describe("small helpers", () => {
  it("actionOf: Terraform's action lists", () => {
    expect(actionOf(["no-op"])).toBe("no-op");
    expect(actionOf(["create"])).toBe("create");
    expect(actionOf(["update"])).toBe("update");
    expect(actionOf(["delete"])).toBe("delete");
    expect(actionOf(["delete", "create"])).toBe("replace");
    expect(actionOf(["create", "delete"])).toBe("replace");
    expect(actionOf(["read"])).toBeUndefined();
  });

  it("errorSummary: Terraform's first Error: line without the box drawing or the configuration it quotes", () => {
    const out = '╷\n│ Error: Invalid reference\n│\n│   on stack.tf.json line 12:\n│   12:   "bucket": "acme-secret-bucket"\n╵\n';
    expect(errorSummary(out)).toBe("Error: Invalid reference");
    expect(errorSummary("nothing")).toBeUndefined();
  });

  it("variableValues: defaults, or placeholders by type", () => {
    expect(variableValues({ variable: { a: { default: null }, b: { type: "number" }, c: {}, route53_zone_id: {} } })).toEqual({ a: null, b: 0, c: "mock", route53_zone_id: "Z0123456789ABCDEFGHIJ" });
  });
});
