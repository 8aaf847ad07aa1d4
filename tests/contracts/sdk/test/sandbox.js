// Starts the provider sandbox (src/Samsara.Sandbox.Host) on a free loopback port for one test file,
// with short call timelines so calls end in seconds, and SMS that stay queued for 3 s so a test
// sees the queued state even on a busy machine.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

export const keys = {
  twilioSid: 'AC00000000000000000000000000000001',
  twilioToken: 'sandbox-twilio-token',
  sendgrid: 'SG.sandbox-sendgrid-key',
  vapi: 'sandbox-vapi-key',
  retell: 'sandbox-retell-key',
  deepgram: 'sandbox-deepgram-key',
  assemblyai: 'sandbox-assemblyai-key',
};

/** The newest build of the host (test.sh builds Release; a developer may have only Debug). */
function hostDll() {
  if (process.env.SAMSARA_SANDBOX_DLL) return process.env.SAMSARA_SANDBOX_DLL;
  const builds = ['Release', 'Debug']
    .map((c) => join(repo, 'src/Samsara.Sandbox.Host/bin', c, 'net10.0/Samsara.Sandbox.Host.dll'))
    .filter((p) => existsSync(p))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (builds.length === 0) throw new Error('Build src/Samsara.Sandbox.Host first (dotnet build), or set SAMSARA_SANDBOX_DLL.');
  return builds[0];
}

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

export async function startSandbox() {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  // The admin endpoints want the host's per-start secret, which it writes (owner-only) to the file we name.
  const secretDir = mkdtempSync(join(tmpdir(), 'samsara-sandbox-'));
  const secretFile = join(secretDir, 'admin-secret');
  const child = spawn('dotnet', [hostDll(), `--urls=${base}`, `--Samsara:Sandbox:AdminSecretFile=${secretFile}`,
    '--Samsara:Sandbox:CallRingSeconds=1', '--Samsara:Sandbox:CallTalkSeconds=2', '--Samsara:Sandbox:SmsStepSeconds=3',
    '--Logging:LogLevel:Default=Warning'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const deadline = Date.now() + 60_000;
  let secret = '';
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sandbox exited with ${child.exitCode}: ${stderr}`);
    try {
      secret ||= existsSync(secretFile) ? readFileSync(secretFile, 'ascii') : '';
      if (secret && (await fetch(`${base}/sandbox/faults`, { headers: { 'x-samsara-sandbox-secret': secret } })).ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { child.kill(); throw new Error(`sandbox did not answer within 60 s: ${stderr}`); }
    await new Promise((r) => setTimeout(r, 200));
  }

  const admin = async (method, path, body) => {
    const res = await fetch(`${base}/sandbox${path}`, {
      method,
      headers: { 'x-samsara-sandbox-secret': secret, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (!res.ok) throw new Error(`${method} /sandbox${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  };
  return {
    base,
    /** Faults apply to the next matching request(s): { provider, kind, times, method, pathContains, retryAfter }. */
    fault: (rule) => admin('POST', '/faults', rule),
    script: (address, behaviour) => admin('PUT', '/scripts', { address, behaviour }),
    log: (provider) => admin('GET', `/log?provider=${provider}`),
    reset: () => admin('POST', '/reset'),
    /** The admin endpoints as a caller without the secret sees them (for the refusal test). */
    adminWithout: (path) => fetch(`${base}/sandbox${path}`),
    stop: () => new Promise((r) => { child.once('exit', () => { rmSync(secretDir, { recursive: true, force: true }); r(); }); child.kill(); }),
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls until check() returns a truthy value, or fails after the timeout. */
export async function eventually(check, { timeout = 20_000, every = 250 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(every);
  }
}

/** A real WAV header: `seconds` of 8 kHz 16-bit mono silence. */
export function wav(seconds, sampleRate = 8000) {
  const data = sampleRate * 2 * seconds;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0); b.writeUInt32LE(36 + data, 4); b.write('WAVE', 8);
  b.write('fmt ', 12); b.writeUInt32LE(16, 16); b.writeUInt16LE(1, 20); b.writeUInt16LE(1, 22);
  b.writeUInt32LE(sampleRate, 24); b.writeUInt32LE(sampleRate * 2, 28); b.writeUInt16LE(2, 32); b.writeUInt16LE(16, 34);
  b.write('data', 36); b.writeUInt32LE(data, 40);
  return b;
}
