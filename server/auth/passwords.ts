// Password hashing with scrypt from node:crypto. Parameters follow OWASP's
// scrypt guidance in its low-memory form (N=2^15, r=8, p=3: 32 MiB per hash,
// the same work as N=2^17, p=1). Hashes are PHC strings that carry their own
// parameters, so stronger settings later only need a rehash at the next login.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  ln: number;
  r: number;
  p: number;
}

const current: ScryptParams = { ln: 15, r: 8, p: 3 };
const keyLength = 32;
const saltLength = 16;

/** Longest password accepted; bounds the work a single request can ask for. */
export const maxPasswordLength = 1024;
export const minPasswordLength = 8;

// At most two hashes at once per process: bounds memory (32 MiB each) and
// leaves the libuv pool free for file reads during a burst of logins.
const maxConcurrent = 2;
let running = 0;
const waiting: Array<() => void> = [];

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= maxConcurrent) await new Promise<void>((go) => waiting.push(go));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.ln;
  // scrypt needs 128 * r * (N + p + 2) bytes; allow twice that.
  const maxmem = 256 * params.r * (N + params.p + 2);
  return withSlot(
    () =>
      new Promise((resolve, reject) => {
        scrypt(
          password,
          salt,
          keyLength,
          { N, r: params.r, p: params.p, maxmem },
          (err, key) => (err ? reject(err) : resolve(key)),
        );
      }),
  );
}

const b64 = (buf: Buffer) => buf.toString('base64url');

/** Hashes a password into a self-describing PHC string. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(saltLength);
  const key = await derive(password, salt, current);
  const { ln, r, p } = current;
  return `$scrypt$ln=${ln},r=${r},p=${p}$${b64(salt)}$${b64(key)}`;
}

interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

const phc = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([\w-]+)\$([\w-]+)$/;

function parseHash(stored: string): ParsedHash | null {
  const m = phc.exec(stored);
  if (!m) return null;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (params.ln < 10 || params.ln > 20 || params.r < 1 || params.p < 1) return null;
  return {
    params,
    salt: Buffer.from(m[4] ?? '', 'base64url'),
    key: Buffer.from(m[5] ?? '', 'base64url'),
  };
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** True when a stored hash uses other parameters than today's. */
export function needsRehash(stored: string): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  const { ln, r, p } = parsed.params;
  return ln !== current.ln || r !== current.r || p !== current.p;
}

let dummy: Promise<string> | undefined;

/**
 * Spends the same time as a real verification, for a user that does not
 * exist, so response times do not reveal which usernames are taken.
 */
export async function verifyNothing(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummy);
  return false;
}
