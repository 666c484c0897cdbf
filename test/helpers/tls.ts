// A throwaway CA and a server certificate for 127.0.0.1, made with the openssl CLI in a temp
// directory at test time (never committed), and `kms emulator` serving HTTPS with them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startEmulatorProcess } from './spawn.js';

export const OPENSSL = '/usr/bin/openssl';

export interface TestCertificates {
  dir: string;
  /** The CA's certificate, PEM. */
  caPem: string;
  /** The server's certificate (127.0.0.1 and localhost), signed by the CA, PEM. */
  serverPem: string;
  /** The server's private key, PEM. */
  serverKey: string;
}

/** Makes a CA valid for two days and a server certificate it signs, in a new temp directory. */
export function makeCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'kms-tls-'));
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) =>
    execFileSync(OPENSSL, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });

  openssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    '/CN=kms-test-ca',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.pem'),
  );
  openssl(
    'req',
    '-new',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    at('server.key'),
    '-out',
    at('server.csr'),
  );
  writeFileSync(
    at('server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n',
  );
  openssl(
    'x509',
    '-req',
    '-in',
    at('server.csr'),
    '-CA',
    at('ca.pem'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    at('server.ext'),
    '-out',
    at('server.pem'),
  );
  return { dir, caPem: at('ca.pem'), serverPem: at('server.pem'), serverKey: at('server.key') };
}

export interface TlsEmulator {
  /** https://127.0.0.1:PORT */
  url: string;
  /** What reached the emulator, read over HTTPS trusting the given CA. */
  calls: () => Promise<{ action: string; region: string; alias: string; code: string }[]>;
  stderr: () => string;
  stop: () => Promise<void>;
}

function getJson(url: string, ca: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { ca, method: 'GET' }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch (error) {
          reject(error as Error);
        }
      });
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/**
 * `kms emulator --port 0 ...args` (args should include --tls-cert and --tls-key), resolved once
 * it prints the URL it listens on. Its environment is PATH only: the default credentials apply.
 */
export async function spawnTlsEmulator(args: string[], caPem: string): Promise<TlsEmulator> {
  const ca = readFileSync(caPem, 'utf8');
  const emulator = await startEmulatorProcess(args, {});
  const calls = async () =>
    ((await getJson(`${emulator.url}/_emulator/calls`, ca)) as { calls: [] }).calls;
  return { ...emulator, calls };
}
