/** Deterministic hashing for the simulator: every value is a pure function of (seed, sensor, time). */

/** murmur3's 32-bit finaliser. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Uniform in [0, 1) from up to four integers. */
export function rand(a: number, b = 0, c = 0, d = 0): number {
  let h = fmix((a | 0) ^ 0x9e3779b9);
  h = fmix(h ^ (b | 0));
  h = fmix(h ^ Math.imul(c | 0, 0x27d4eb2d));
  h = fmix(h ^ Math.imul(d | 0, 0x165667b1));
  return h / 4294967296;
}

/** Roughly normal, mean 0, sd 1 (Irwin–Hall of 4). */
export function gauss(a: number, b = 0, c = 0, d = 0): number {
  return (rand(a, b, c, d) + rand(a, b, c, d ^ 0x5bd1e995) + rand(a, b ^ 0x1b873593, c, d) + rand(a ^ 0x68e31da4, b, c, d) - 2) * 1.732;
}

/** FNV-1a of a string, 32 bits. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
