// Secrets at rest and random tokens. The per-user Subsonic app password must
// be recoverable (token auth hashes it with a client salt), so it is sealed
// with AES-256-GCM under a key kept in a file in the data folder, readable
// only by the account that runs Hearth. Session ids, API keys and the setup
// token are stored as SHA-256 digests only.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const keyBytes = 32;
const ivBytes = 12;
const version = 'v1';

/** The key file inside a data folder. */
export function keyFile(dataDir: string): string {
  return path.join(dataDir, 'secret.key');
}

const cache = new Map<string, Buffer>();

/**
 * Reads the data folder's key, creating it on first use. Several workers
 * may race here: the file is written under a temporary name and linked into
 * place, so every process ends up with the same key.
 */
export function loadKey(file: string): Buffer {
  const cached = cache.get(file);
  if (cached) return cached;
  if (!fs.existsSync(file)) createKeyFile(file);
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== keyBytes) throw new Error('secret key file is damaged');
  cache.set(file, key);
  return key;
}

function createKeyFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(temp, randomBytes(keyBytes).toString('base64') + '\n', {
    mode: 0o600,
    flag: 'wx',
  });
  try {
    fs.linkSync(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** Encrypts text; `context` (e.g. "user:3") binds the result to its owner. */
export function seal(key: Buffer, plain: string, context: string): string {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'));
  return [version, ...parts].join('.');
}

/** Decrypts what seal() produced; throws when the text or context was altered. */
export function unseal(key: Buffer, sealed: string, context: string): string {
  const [tag, iv, authTag, body] = sealed.split('.');
  if (tag !== version || !iv || !authTag || body === undefined) {
    throw new Error('sealed value has an unknown format');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(authTag, 'base64url'));
  const plain = Buffer.concat([
    decipher.update(Buffer.from(body, 'base64url')),
    decipher.final(),
  ]);
  return plain.toString('utf8');
}

/** A random URL-safe token carrying `bytes` of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Hex SHA-256 of a token: what the database keeps instead of the token. */
export function digest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares two strings in time that depends only on their length. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
