/**
 * A real MQTT broker for tests: Debian's mosquitto (/usr/sbin/mosquitto, 2.0.11 on bookworm) serving MQTT over
 * WebSockets on 127.0.0.1 at a free port (`listener PORT 127.0.0.1` + `protocol websockets` + `allow_anonymous true`),
 * no persistence. `start()` resolves once the port accepts connections; `stop()` once the process has exited; the
 * broker can be started again on the same port (a broker that comes back).
 *
 * Measured here: mosquitto 2.0.11 with ONLY a websockets listener exits at once ("Unable to start any listening
 * sockets"); a plain MQTT listener beside it (a second free port) makes it run. Its websockets listener also binds
 * every interface whatever address the listener line names (libwebsockets), so keep this to tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const MOSQUITTO = process.env.MOSQUITTO ?? '/usr/sbin/mosquitto';

export function hasMosquitto(): boolean {
  return existsSync(MOSQUITTO);
}

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export class Mosquitto {
  private proc: ChildProcess | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'mosquitto-'));
  private log = '';

  /** port: MQTT over WebSockets; tcpPort: plain MQTT (needed beside it, see above) */
  private constructor(
    readonly port: number,
    readonly tcpPort: number,
  ) {}

  /** Starts a broker on free ports. */
  static async start(): Promise<Mosquitto> {
    const m = new Mosquitto(await freePort(), await freePort());
    await m.start();
    return m;
  }

  /** ws://127.0.0.1:PORT */
  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.proc !== null;
  }

  async start(): Promise<void> {
    if (this.proc) return;
    const conf = join(this.dir, 'mosquitto.conf');
    writeFileSync(conf, [`listener ${this.port} 127.0.0.1`, 'protocol websockets', `listener ${this.tcpPort} 127.0.0.1`, 'protocol mqtt', 'allow_anonymous true', 'persistence false', 'log_dest stderr', ''].join('\n'));
    const proc = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.proc = proc;
    proc.stderr?.on('data', (d: Buffer) => {
      this.log = (this.log + d.toString()).slice(-4000);
    });
    let exited = false;
    proc.once('exit', () => {
      exited = true;
      if (this.proc === proc) this.proc = null;
    });
    const deadline = Date.now() + 10_000;
    while (!(await accepts(this.port))) {
      if (exited || Date.now() > deadline) throw new Error(`mosquitto did not start on ${this.port}: ${this.log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops the broker (clients see their connection close). */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc) return;
    this.proc = null;
    const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    await gone;
  }

  /** Stops the broker and removes its folder. */
  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
