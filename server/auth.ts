/**
 * Passwords (scrypt from node:crypto, a per-user salt, constant-time compare), session tokens (random, only their
 * SHA-256 is stored), CSRF tokens, the same-origin check and the login rate limit.
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> =>
  new Promise((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));

/** scrypt cost: N = 2^14, r = 8, p = 1 (16 MiB, tens of ms per hash). */
const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEYLEN = 32;

/** `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEYLEN, { ...PARAMS, maxmem: 64 * 1024 * 1024 });
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const salt = Buffer.from(parts[4], 'base64url');
  const want = Buffer.from(parts[5], 'base64url');
  const got = await scrypt(password, salt, want.length, { N, r, p, maxmem: 256 * 1024 * 1024 });
  return got.length === want.length && timingSafeEqual(got, want);
}

/** A hash to compare against when the user does not exist, so a wrong name costs as long as a wrong password. */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(12).toString('base64url'));
  return dummy;
}

/** A random secret (session token, CSRF token, generated password). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(s: string): string {
  return createHash('sha256').update(s).digest('base64url');
}

/** Constant-time string equality. */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Is this request same-origin? `Origin` absent (same-origin GET, curl) or equal to the request's own origin
 * (scheme://host, `host` defaulting to the Host header; behind a trusted proxy the caller passes the forwarded
 * scheme and host); `Sec-Fetch-Site: cross-site` or `same-site` always refused.
 */
export function sameOrigin(headers: Record<string, string | string[] | undefined>, protocol: string, host: unknown = headers.host): boolean {
  const site = headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return false;
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (typeof origin !== 'string' || origin === 'null') return false;
  return typeof host === 'string' && origin.toLowerCase() === `${protocol}://${host}`.toLowerCase();
}

/**
 * Login rate limit: at most `max` failed attempts per key (client address, and user name) in a sliding `windowMs`;
 * beyond that `blocked` says how many ms to wait. A success clears the name's count.
 */
export class LoginLimiter {
  private readonly fails = new Map<string, number[]>();
  constructor(
    private readonly max = 5,
    private readonly windowMs = 60_000,
  ) {}

  private recent(key: string, now: number): number[] {
    const list = (this.fails.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (list.length) this.fails.set(key, list);
    else this.fails.delete(key);
    return list;
  }

  /** ms to wait before `keys` may try again (0 = may try now). */
  blocked(keys: string[], now: number): number {
    let wait = 0;
    for (const k of keys) {
      const list = this.recent(k, now);
      if (list.length >= this.max) wait = Math.max(wait, this.windowMs - (now - list[0]));
    }
    return wait;
  }

  fail(keys: string[], now: number): void {
    for (const k of keys) this.fails.set(k, [...this.recent(k, now), now]);
  }

  succeed(key: string): void {
    this.fails.delete(key);
  }
}
