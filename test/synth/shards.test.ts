import { assignShards, jumpHash, tenantKey } from "../../lib/synth/shards";

const slugs = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `tenant-${i + from}`);

describe("tenant shards", () => {
  it("jump hash is stable and moves few keys when buckets grow", () => {
    const keys = slugs(2000).map(tenantKey);
    const at8 = keys.map((k) => jumpHash(k, 8));
    expect(keys.map((k) => jumpHash(k, 8))).toEqual(at8);
    const at9 = keys.map((k) => jumpHash(k, 9));
    const moved = at8.filter((b, i) => b !== at9[i]).length;
    expect(moved).toBeGreaterThan(100);
    expect(moved).toBeLessThan(400); // about 1/9 of 2,000
    expect(at9.every((b, i) => b === at8[i] || b === 8)).toBe(true); // keys only move to the new bucket
  });

  it("never puts more than tenantsPerStack tenants in a shard", () => {
    for (const [n, per] of [[1, 1], [10, 3], [200, 200], [1000, 200], [10000, 200], [5000, 7]]) {
      const plan = assignShards(slugs(n), per);
      const sizes = new Array(plan.count).fill(0);
      for (const s of plan.shardOf.values()) sizes[s]++;
      expect(Math.max(...sizes)).toBeLessThanOrEqual(per);
      expect(plan.shardOf.size).toBe(n);
    }
  });

  it("adding, removing or editing one tenant moves no other tenant while the shard count holds", () => {
    const base = slugs(150);
    const before = assignShards(base, 200);
    const added = assignShards([...base, "newcomer"], 200);
    const removed = assignShards(base.filter((s) => s !== "tenant-7"), 200);
    expect(added.count).toBe(before.count);
    expect(removed.count).toBe(before.count);
    for (const s of base) expect(added.shardOf.get(s)).toBe(before.shardOf.get(s));
    for (const s of base.filter((x) => x !== "tenant-7")) expect(removed.shardOf.get(s)).toBe(before.shardOf.get(s));
  });

  it("doubles the shard count when tenants outgrow half of the shards' room", () => {
    expect(assignShards(slugs(100), 200).count).toBe(1);
    expect(assignShards(slugs(101), 200).count).toBe(2);
    expect(assignShards(slugs(10000), 200).count).toBe(128);
  });
});
