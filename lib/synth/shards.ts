import { createHash } from "crypto";

/**
 * Jump consistent hash (Lamping and Veach, 2014): maps a 64-bit key to one of `buckets` buckets so
 * that growing from n to n+1 buckets moves only 1/(n+1) of the keys, and nothing else changes.
 */
export function jumpHash(key: bigint, buckets: number): number {
  let b = -1n;
  let j = 0n;
  const mask = (1n << 64n) - 1n;
  while (j < BigInt(buckets)) {
    b = j;
    key = (key * 2862933555777941757n + 1n) & mask;
    j = BigInt(Math.floor(((Number(b) + 1) * 2 ** 31) / Number((key >> 33n) + 1n)));
  }
  return Number(b);
}

/** A stable 64-bit key for a tenant, from its slug (which the rules keep unique). */
export function tenantKey(slug: string): bigint {
  return createHash("sha256").update(slug).digest().readBigUInt64BE(0);
}

/** How a backup server's tenants are spread over shard stacks. */
export interface ShardPlan {
  /** Number of shards (a power of two); some may be empty. */
  readonly count: number;
  /** Shard index of each tenant slug. */
  readonly shardOf: ReadonlyMap<string, number>;
}

/**
 * Assigns tenants to at most `perShard` per shard, stably: a tenant's shard depends only on its own
 * slug and the shard count, which is a power of two chosen so shards are at most about half full.
 * Adding, removing or editing one tenant therefore changes exactly one shard, except when the count
 * has to double (the total crossed a power-of-two threshold, or a shard would overflow): then about
 * half of the tenants move, and `synth` says so.
 */
export function assignShards(slugs: readonly string[], perShard: number): ShardPlan {
  const keys = slugs.map((s) => [s, tenantKey(s)] as const);
  let count = 1;
  while (count * perShard < 2 * slugs.length) count *= 2;
  for (;;) {
    const shardOf = new Map<string, number>();
    const sizes = new Array<number>(count).fill(0);
    for (const [slug, key] of keys) {
      const shard = jumpHash(key, count);
      shardOf.set(slug, shard);
      sizes[shard]++;
    }
    if (sizes.every((n) => n <= perShard)) return { count, shardOf };
    count *= 2;
  }
}
