import { literal } from "../../lib/constructs/common/literal";
import { boundedName } from "../../lib/domain/names";

describe("literal", () => {
  it("doubles the two sequences Terraform would evaluate, and nothing else", () => {
    expect(literal("${x}")).toBe("$${x}");
    expect(literal("%{ if x }")).toBe("%%{ if x }");
    expect(literal('a ${file("/etc/passwd")} b %{for} $x %x {y} $ {z}')).toBe('a $${file("/etc/passwd")} b %%{for} $x %x {y} $ {z}');
    expect(literal("$${already}")).toBe("$$${already}");
    expect(literal("plain")).toBe("plain");
  });
});

describe("boundedName", () => {
  it("keeps short names and shortens long ones deterministically, keeping them apart", () => {
    expect(boundedName(["acme", "vbr-eu", "server"], 64)).toBe("acme-vbr-eu-server");
    const a = boundedName(["acme", "vbr-eu", "x".repeat(100), "s3-eu"], 64);
    const b = boundedName(["acme", "vbr-eu", `${"x".repeat(99)}y`, "s3-eu"], 64);
    expect(a).toHaveLength(64);
    expect(a).not.toBe(b);
    expect(boundedName(["acme", "vbr-eu", "x".repeat(100), "s3-eu"], 64)).toBe(a);
  });
});
