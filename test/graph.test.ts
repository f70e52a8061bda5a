/**
 * `vcc-iac graph`: a legend, --server, a summary mode for large estates, and edge labels beside
 * their edges (xlabel) rather than on them.
 */
import { stringify } from "yaml";
import { generateConfig } from "../bench/generate";
import { toDot, toSvg } from "../lib/plan/graph";
import { validateText } from "../lib/validate";
import { readExample, runCli } from "./helpers";

const acme = validateText("acme.yaml", readExample("acme.yaml")).model!;
const large = validateText("large.yaml", stringify(generateConfig(60, 3))).model!;
const nodes = (dot: string) => dot.split("\n").filter((l) => /^\s+"[^"]+" \[/.test(l)).length;

describe("vcc-iac graph", () => {
  it("draws a legend of every kind of node and line", () => {
    const dot = toDot(acme);
    for (const kind of ["backup server", "cloud gateway", "proxy (data mover)", "WAN accelerator", "network extension", "repository", "tenant", "connects through", "quota (GB)", "moves data"]) {
      expect([kind, dot.includes(`"${kind}`)]).toEqual([kind, true]);
    }
  });

  it("puts quota labels beside their edges, never as edge labels that float over clusters", () => {
    const dot = toDot(acme);
    expect(dot).toMatch(/-> "vbr-eu\/repo\/s3-eu" \[xlabel="500 GB"/);
    expect(dot).not.toMatch(/-> [^\n]*\[label=/);
    expect(dot).toContain("forcelabels=true");
  });

  it("--server draws one backup server and only its tenants", () => {
    const dot = toDot(large, { server: "vbr-1" });
    expect(dot).toContain("cluster_server_vbr-1");
    expect(dot).not.toContain("cluster_server_vbr-0");
    const tenants = [...dot.matchAll(/"tenant\/(Tenant \d+)"/g)].map((m) => m[1]);
    expect(new Set(tenants)).toEqual(new Set(large.tenants.filter((t) => t.backupServer.name === "vbr-1").map((t) => t.name)));
  });

  it("--summary draws each server's tenants as one node, whatever their number, with counts and GB sold", () => {
    const summary = toDot(large, { summary: true });
    expect(summary).not.toMatch(/"tenant\//);
    expect(summary).toContain('"tenants/vbr-0" [label="20 tenant(s) of vbr-0\\n20 tasks"');
    expect(summary).toMatch(/"tenants\/vbr-0" -> "vbr-0\/gateway\/gw-1" \[lhead="cluster_pool_vbr-0_pool", color="#2e7d32", xlabel="20 tenant\(s\)"\]/);
    const sold = large.tenants.filter((t) => t.backupServer.name === "vbr-0").flatMap((t) => t.backup).filter((b) => b.repository.name === "s3-direct").reduce((n, b) => n + b.quotaGb, 0);
    expect(summary).toContain(`"tenants/vbr-0" -> "vbr-0/repo/s3-direct" [color="#b8860b", xlabel="${sold} GB sold"]`);
    expect(nodes(summary)).toBeLessThan(nodes(toDot(large)) - 50);
    const tenantNodes = (dot: string) => dot.split("\n").filter((l) => /^\s+"tenants?\//.test(l) && l.includes("[label=")).length;
    expect(tenantNodes(summary)).toBe(3);
    expect(tenantNodes(toDot(validateText("x.yaml", stringify(generateConfig(600, 3))).model!, { summary: true }))).toBe(3);
  });

  it("renders the summary and --server views to SVG", async () => {
    expect(await toSvg(large, { summary: true, server: "vbr-2" })).toMatch(/^<\?xml|^<svg/);
  });

  it("refuses an unknown --server with the closest name, exit 2; suggests --summary for a large estate", async () => {
    const r = await runCli(["graph", "examples/acme.yaml", "--server", "vbr-ue", "--format", "dot"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--server vbr-ue: no backup server of that name; did you mean 'vbr-eu'\?/);
    const dir = require("fs").mkdtempSync(require("path").join(require("os").tmpdir(), "vcc-iac-graph-")) as string;
    require("fs").writeFileSync(require("path").join(dir, "large.yaml"), stringify(generateConfig(60, 3)));
    const big = await runCli(["graph", "large.yaml", "--format", "dot"], { cwd: dir });
    expect(big.code).toBe(0);
    expect(big.err).toBe("note: 60 tenants drawn one by one; --summary draws each server's tenants as one node\n");
  });
});
