import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Secrets a tenant gives us (Stripe keys) are sealed with AES-256-GCM before they reach the
 * database, so a copy of the database alone does not give them away. Each sealed value is bound
 * to what it is for (`context`, e.g. the tenant and the field): moved to another row, it no
 * longer opens.
 */

const VERSION = 'v1';

export class EncryptionKeyProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EncryptionKeyProblem';
  }
}

export const MISSING_KEY_MESSAGE =
  'This server has no encryption key for secrets, so it cannot save Stripe keys. Set TRADED_ENCRYPTION_KEY ' +
  'to 32 random bytes (for example the output of: openssl rand -base64 32) and restart the server.';

function readKey(text: string, where: string): Buffer {
  const value = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32)
    throw new EncryptionKeyProblem(`${where} must be 32 bytes, written as 64 hexadecimal digits or in base64`);
  return key;
}

/** Where development and test keep a key of their own when the environment gives none (data/ is never committed). */
export function developmentKeyFile(): string {
  return path.join(process.cwd(), 'data', 'encryption-key');
}

function developmentKey(): Buffer {
  const file = developmentKeyFile();
  try {
    return readKey(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    // 'wx': two processes starting at once keep the first one's key rather than each writing its own.
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readKey(readFileSync(file, 'utf8'), file);
}

/**
 * The key: TRADED_ENCRYPTION_KEY when set. Without it, production refuses (a key made up on one
 * server would be lost with it, and every saved secret with it); development and tests keep one
 * in ./data/encryption-key.
 */
export function encryptionKey(): Buffer {
  const fromEnvironment = process.env.TRADED_ENCRYPTION_KEY;
  if (fromEnvironment) return readKey(fromEnvironment, 'TRADED_ENCRYPTION_KEY');
  if (process.env.NODE_ENV === 'production') throw new EncryptionKeyProblem(MISSING_KEY_MESSAGE);
  return developmentKey();
}

/** Whether secrets can be sealed here now (the settings page says so before anyone types a key). */
export function encryptionKeyProblem(): string | null {
  try {
    encryptionKey();
    return null;
  } catch (error) {
    if (error instanceof EncryptionKeyProblem) return error.message;
    throw error;
  }
}

export function seal(plain: string, context: string, key: Buffer = encryptionKey()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), body]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** Opens a sealed value; anything altered, sealed for another context or under another key is refused. */
export function open(sealed: string, context: string, key: Buffer = encryptionKey()): string {
  const [version, iv, tag, body, ...rest] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined || rest.length > 0)
    throw new EncryptionKeyProblem('A stored secret is not in a form this server can read');
  try {
    // A fixed tag length: GCM would otherwise accept a shortened tag, which is far easier to forge.
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new EncryptionKeyProblem(
      'A stored secret could not be opened: it was changed, or TRADED_ENCRYPTION_KEY is not the key it was saved with',
    );
  }
}
