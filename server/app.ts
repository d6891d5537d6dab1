/**
 * The operations server: one Fastify process that serves the built app (dist/), the tiles (compressed when text,
 * ETag and caching headers), config.json (with `sharedState`), the live feed (/api/feed) and the API of
 * src/domain/ops.ts with Server-Sent Events — under the same Content-Security-Policy as the Vite servers.
 *
 *   const server = await createServer({ port: 0, dataDir: 'tmp/x' });   // → { url, close() }
 *
 * docs/server.md documents the routes, the configuration (server/config.ts), roles and backups.
 */
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import * as v from 'valibot';
import { configuredConnectSources, contentSecurityPolicy } from '../src/domain/csp';
import {
  AckBody,
  apiError,
  CSRF_HEADER,
  IncidentCreateBody,
  IncidentPatchBody,
  IncidentQuery,
  issueText,
  LoginBody,
  roleAtLeast,
  SESSION_COOKIE,
  type ApiErrorCode,
  type Health,
  type Role,
  type SessionInfo,
  type SessionUser,
} from '../src/domain/ops';
import { dummyHash, hashPassword, LoginLimiter, randomToken, sameOrigin, sameSecret, sha256, verifyPassword } from './auth';
import { loadConfig, type ServerConfig, type ServerConfigInput } from './config';
import { classifyDbError, DatabaseUnavailableError, type Database } from './db/database';
import { openDatabase } from './db/open';
import { migrate } from './db/migrations';
import { EventHub } from './events';
import { createFeedHandler } from './feed';
import { Store } from './store';

export interface CreateServerOptions extends ServerConfigInput {
  /** environment to read (default process.env) */
  env?: Record<string, string | undefined>;
  /** the JSON config file (default TWIN_CONFIG, else ./server.config.json when present) */
  configFile?: string;
  /** where the one-time admin password and the start line go (default console.log) */
  log?: (line: string) => void;
}

export interface TwinServer {
  url: string;
  close(): Promise<void>;
  config: ServerConfig;
  db: Database;
  store: Store;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    readonly detail?: string,
  ) {
    super(detail ?? code);
  }
}

function parse<TSchema extends v.GenericSchema>(schema: TSchema, input: unknown): v.InferOutput<TSchema> {
  const r = v.safeParse(schema, input ?? {});
  if (!r.success) throw new HttpError(400, 'badRequest', issueText(r.issues));
  return r.output;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** One lock file per PGlite data folder: PGlite is one process's database. */
function takeLock(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'server.lock');
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    let alive = false;
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch {
        alive = false;
      }
    }
    if (alive) throw new Error(`${dataDir} is in use by another process (pid ${pid}); stop it first`);
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}

/** The lock for tools (user, backup, restore) that open the embedded database beside a possibly running server. */
export const lockDataDir = takeLock;

/** Open (and migrate) the configured database; the first start also creates `admin` with a password printed once. */
export async function openStore(config: ServerConfig, log: (line: string) => void): Promise<{ db: Database; store: Store; unlock: () => void }> {
  const unlock = config.databaseUrl ? () => {} : takeLock(config.dataDir);
  try {
    const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    await migrate(db);
    const store = new Store(db);
    if ((await store.countUsers()) === 0) {
      const password = randomToken(12);
      const added = await store.putUser('admin', 'admin', await hashPassword(password), 'system');
      if (added === 'added') log(`server: first start: created user "admin" with password ${password} (shown once; change it with \`npm run user -- passwd admin\`)`);
    }
    return { db, store, unlock };
  } catch (e) {
    unlock();
    throw e;
  }
}

export async function createServer(options: CreateServerOptions = {}): Promise<TwinServer> {
  const { env, configFile, log = (l: string) => console.log(l), ...overrides } = options;
  const config = loadConfig(overrides, env ?? process.env, configFile ?? (env ?? process.env).TWIN_CONFIG ?? 'server.config.json');
  const { db, store, unlock } = await openStore(config, log);
  const distDir = resolve(config.distDir);

  // the runtime config the viewer reads, with sharedState; and the policy for the origins it configures
  const readAppConfig = (): Record<string, unknown> => {
    const file = join(distDir, 'config.json');
    const base = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
    return { ...base, sharedState: { url: '/api' } };
  };
  let csp = contentSecurityPolicy();
  try {
    csp = contentSecurityPolicy(configuredConnectSources(readAppConfig()));
  } catch {
    // a broken config.json: the viewer shows why; the strict policy stays
  }

  const hub = new EventHub({
    heartbeatMs: config.heartbeatMs,
    replay: (after) => store.eventsAfter(after),
    lastId: () => store.lastEventId(),
    kpis: () => store.kpis(new Date()),
  });
  store.onEvent = (e) => hub.publish(e);
  const trimTimer = setInterval(() => void store.trimEvents(config.eventsKept).catch(() => {}), 60_000);
  trimTimer.unref();
  // failed logins: `loginAttemptsPerMinute` per user name, four times that per client address (an office behind one NAT)
  const byName = new LoginLimiter(config.loginAttemptsPerMinute, 60_000);
  const byAddress = new LoginLimiter(config.loginAttemptsPerMinute * 4, 60_000);
  const feed = createFeedHandler(config);

  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 1024 * 1024, trustProxy: config.trustProxy });
  await app.register(fastifyCookie);
  await app.register(fastifyCompress, { global: true, threshold: 1024, encodings: ['br', 'gzip'], brotliOptions: { params: { 1: 4 } } });

  app.addHook('onSend', async (_req, reply, payload) => {
    reply.header('Content-Security-Policy', csp);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'same-origin');
    return payload;
  });

  app.setErrorHandler((err, req, reply) => {
    const e = classifyDbError(err);
    if (e instanceof HttpError) return reply.code(e.status).send(apiError(e.code, e.detail));
    if (e instanceof DatabaseUnavailableError) return reply.code(503).send(apiError('dbDown', e.reason));
    const status = (err as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) return reply.code(status).send(apiError('badRequest', (err as Error).message));
    log(`server: ${req.method} ${req.url}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return reply.code(500).send(apiError('internal'));
  });

  // ---- sessions, CSRF, roles --------------------------------------------------------------------------------------

  const sessions = new WeakMap<FastifyRequest, { user: SessionUser; csrf: string; tokenHash: string } | null>();
  async function sessionOf(req: FastifyRequest): Promise<{ user: SessionUser; csrf: string; tokenHash: string } | null> {
    if (sessions.has(req)) return sessions.get(req) ?? null;
    const token = req.cookies[SESSION_COOKIE];
    let s: { user: SessionUser; csrf: string; tokenHash: string } | null = null;
    if (token) {
      const tokenHash = sha256(token);
      const found = await store.getSession(tokenHash, new Date());
      if (found) s = { ...found, tokenHash };
    }
    sessions.set(req, s);
    return s;
  }
  async function canRead(req: FastifyRequest): Promise<void> {
    if (config.viewOpen) return;
    if (!(await sessionOf(req))) throw new HttpError(401, 'unauthenticated');
  }
  /** A state-changing request: same origin, a session, its CSRF token, and at least `role`. */
  async function canWrite(req: FastifyRequest, role: Role = 'operator'): Promise<SessionUser> {
    if (!sameOrigin(req.headers, req.protocol, req.host)) throw new HttpError(403, 'csrf', 'cross-site request');
    const s = await sessionOf(req);
    if (!s) throw new HttpError(401, 'unauthenticated');
    const token = req.headers[CSRF_HEADER.toLowerCase()];
    if (typeof token !== 'string' || !sameSecret(token, s.csrf)) throw new HttpError(403, 'csrf');
    if (!roleAtLeast(s.user.role, role)) throw new HttpError(403, 'forbidden', `needs ${role}`);
    return s.user;
  }
  // every state-changing /api request passes the origin check before anything else (the login included)
  app.addHook('onRequest', async (req) => {
    if (STATE_CHANGING.has(req.method) && req.url.startsWith('/api/') && !sameOrigin(req.headers, req.protocol, req.host)) {
      throw new HttpError(403, 'csrf', 'cross-site request');
    }
  });

  const sessionInfo = (s: { user: SessionUser; csrf: string } | null): SessionInfo => ({
    user: s ? s.user : null,
    csrfToken: s ? s.csrf : null,
    viewOpen: config.viewOpen,
  });

  // ---- API ----------------------------------------------------------------------------------------------------------

  app.get('/api/health', async (_req, reply) => {
    const base = { db: db.kind, time: new Date().toISOString() };
    try {
      await db.ping(1500);
      return { ok: true, dbOk: true, ...base } satisfies Health;
    } catch (e) {
      const c = classifyDbError(e);
      const reason = c instanceof DatabaseUnavailableError ? c.reason : e instanceof Error ? e.message : String(e);
      return reply.code(503).send({ ok: false, dbOk: false, ...base, reason, ...apiError('dbDown', reason) });
    }
  });

  app.get('/api/session', async (req, reply) => {
    reply.header('Cache-Control', 'no-store');
    return sessionInfo(await sessionOf(req));
  });

  app.post('/api/session', async (req, reply) => {
    const body = parse(LoginBody, req.body);
    const now = Date.now();
    const wait = Math.max(byName.blocked([body.name], now), byAddress.blocked([req.ip], now));
    if (wait > 0) {
      reply.header('Retry-After', String(Math.ceil(wait / 1000)));
      throw new HttpError(429, 'rateLimited');
    }
    const user = await store.getUser(body.name);
    const ok = await verifyPassword(body.password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !ok) {
      byName.fail([body.name], now);
      byAddress.fail([req.ip], now);
      throw new HttpError(401, 'badLogin');
    }
    byName.succeed(body.name);
    const token = randomToken();
    const csrf = randomToken();
    const expires = new Date(now + config.sessionHours * 3600_000);
    await store.createSession(sha256(token), user.name, csrf, expires);
    void store.purgeSessions(new Date(now)).catch(() => {});
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/', expires, secure: req.protocol === 'https' });
    reply.header('Cache-Control', 'no-store');
    return sessionInfo({ user: { name: user.name, role: user.role }, csrf });
  });

  app.delete('/api/session', async (req, reply) => {
    const s = await sessionOf(req);
    if (s) {
      await canWrite(req, 'viewer');
      await store.deleteSession(s.tokenHash);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return sessionInfo(null);
  });

  app.get('/api/acks', async (req) => {
    await canRead(req);
    return store.listAcks();
  });

  app.post('/api/acks', async (req, reply) => {
    const user = await canWrite(req);
    const body = parse(AckBody, req.body);
    const { ack, created } = await store.addAck(body, user.name, new Date());
    return reply.code(created ? 201 : 200).send(ack);
  });

  app.get('/api/incidents', async (req) => {
    await canRead(req);
    return store.listIncidents(parse(IncidentQuery, req.query));
  });

  app.post('/api/incidents', async (req, reply) => {
    const user = await canWrite(req);
    const body = parse(IncidentCreateBody, req.body);
    return reply.code(201).send(await store.createIncident(body, user.name, new Date()));
  });

  const idOf = (req: FastifyRequest): number => {
    const id = Number((req.params as { id?: string }).id);
    if (!Number.isInteger(id) || id < 1) throw new HttpError(400, 'badRequest', 'id: a positive integer');
    return id;
  };

  app.get('/api/incidents/:id', async (req) => {
    await canRead(req);
    const inc = await store.getIncident(idOf(req));
    if (!inc) throw new HttpError(404, 'notFound');
    return inc;
  });

  app.patch('/api/incidents/:id', async (req) => {
    const user = await canWrite(req);
    const id = idOf(req);
    const body = parse(IncidentPatchBody, req.body);
    const r = await store.patchIncident(id, body, user.name, new Date());
    if (r.ok) return r.incident;
    throw new HttpError(r.code === 'notFound' ? 404 : r.code === 'staleVersion' ? 409 : 400, r.code, r.detail);
  });

  app.get('/api/incidents/:id/audit', async (req) => {
    await canRead(req);
    const id = idOf(req);
    if (!(await store.getIncident(id))) throw new HttpError(404, 'notFound');
    return store.auditFor('incident', String(id));
  });

  app.get('/api/kpis', async (req) => {
    await canRead(req);
    return store.kpis(new Date());
  });

  app.get('/api/events', async (req, reply) => {
    await canRead(req);
    const header = req.headers['last-event-id'] ?? (req.query as { lastEventId?: string }).lastEventId;
    const n = typeof header === 'string' && /^\d+$/.test(header) ? Number(header) : null;
    reply.hijack();
    reply.raw.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
      'Content-Security-Policy': csp,
    });
    await hub.attach(reply.raw, n);
  });

  // ---- the feed -----------------------------------------------------------------------------------------------------

  if (feed) {
    const feedRoute = async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
      reply.raw.setHeader('Content-Security-Policy', csp);
      reply.hijack();
      await feed.handle(req.raw, reply.raw);
    };
    app.route({ method: ['GET', 'HEAD'], url: '/api/feed', handler: feedRoute });
    app.route({ method: ['GET', 'HEAD'], url: '/api/feed/*', handler: feedRoute });
  }

  app.all('/api/*', async () => {
    throw new HttpError(404, 'notFound');
  });

  // ---- the app, tiles and config.json -------------------------------------------------------------------------------

  app.get('/config.json', async (_req, reply) => {
    reply.header('Cache-Control', 'no-cache');
    return readAppConfig();
  });

  if (existsSync(distDir)) {
    await app.register(fastifyStatic, {
      root: distDir,
      prefix: '/',
      etag: true,
      lastModified: true,
      cacheControl: false,
      setHeaders: (reply, path) => {
        // Vite's hashed bundles never change under their name; everything else is revalidated by its ETag
        const hashed = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.(js|css|wasm)$/.test(path);
        (reply as unknown as FastifyReply).header('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  } else {
    app.get('/', async (_req, reply) => reply.code(503).type('text/plain; charset=utf-8').send(`no built app in ${distDir}: run \`npm run build\`\n`));
  }

  await app.listen({ port: config.port, host: config.host });
  feed?.warm();
  const addr = app.server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${addr.port}`;

  let closed: Promise<void> | null = null;
  return {
    url,
    config,
    db,
    store,
    close() {
      closed ??= (async () => {
        clearInterval(trimTimer);
        hub.close();
        feed?.close();
        await app.close();
        await db.close();
        unlock();
      })();
      return closed;
    },
  };
}
