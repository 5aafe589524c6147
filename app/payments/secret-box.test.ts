import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encryptionKey, encryptionKeyProblem, EncryptionKeyProblem, open, seal } from './secret-box.server';

const key = randomBytes(32);

describe('the secret box', () => {
  it('opens what it sealed, and never writes the secret in the clear', () => {
    const sealed = seal('sk_test_51Abc', 'tenant-1:secret_key', key);
    expect(sealed).not.toContain('sk_test');
    expect(open(sealed, 'tenant-1:secret_key', key)).toBe('sk_test_51Abc');
    // A fresh nonce each time: the same secret never seals to the same text.
    expect(seal('sk_test_51Abc', 'tenant-1:secret_key', key)).not.toBe(sealed);
  });

  it('refuses a sealed value with any byte changed, a shortened tag, another context or another key', () => {
    const sealed = seal('whsec_abc123', 'tenant-1:webhook_secret', key);
    const [version, iv, tag, body] = sealed.split('.') as [string, string, string, string];
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] = bytes[0]! ^ 1;
      return bytes.toString('base64url');
    };
    for (const tampered of [
      [version, iv, tag, flip(body)],
      [version, flip(iv), tag, body],
      [version, iv, flip(tag), body],
      [version, iv, Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url'), body],
      ['v2', iv, tag, body],
    ])
      expect(() => open(tampered.join('.'), 'tenant-1:webhook_secret', key)).toThrow(EncryptionKeyProblem);
    expect(() => open(sealed, 'tenant-2:webhook_secret', key)).toThrow(EncryptionKeyProblem);
    expect(() => open(sealed, 'tenant-1:webhook_secret', randomBytes(32))).toThrow(EncryptionKeyProblem);
  });
});

describe('where the key comes from', () => {
  const saved = { key: process.env.TRADED_ENCRYPTION_KEY, env: process.env.NODE_ENV };
  let dir: string;
  // The app as if started in an empty folder. The tests run in worker threads, where the process's
  // working folder cannot be changed, so the folder the app asks for is this one.
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'traded-key-'));
    vi.spyOn(process, 'cwd').mockReturnValue(dir);
    delete process.env.TRADED_ENCRYPTION_KEY;
  });
  afterEach(() => {
    vi.restoreAllMocks();
    rmSync(dir, { recursive: true, force: true });
    if (saved.key === undefined) delete process.env.TRADED_ENCRYPTION_KEY;
    else process.env.TRADED_ENCRYPTION_KEY = saved.key;
    process.env.NODE_ENV = saved.env;
  });

  it('takes 32 bytes from the environment, as hex or base64, and refuses anything else', () => {
    const bytes = randomBytes(32);
    process.env.TRADED_ENCRYPTION_KEY = bytes.toString('hex');
    expect(encryptionKey().equals(bytes)).toBe(true);
    process.env.TRADED_ENCRYPTION_KEY = bytes.toString('base64');
    expect(encryptionKey().equals(bytes)).toBe(true);
    process.env.TRADED_ENCRYPTION_KEY = randomBytes(16).toString('base64');
    expect(() => encryptionKey()).toThrow(/32 bytes/);
    expect(existsSync(path.join(dir, 'data'))).toBe(false);
  });

  it('in development keeps one key in ./data/encryption-key, readable only by its owner', () => {
    process.env.NODE_ENV = 'development';
    const first = encryptionKey();
    const file = path.join(dir, 'data', 'encryption-key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(encryptionKey().equals(first)).toBe(true);
    expect(Buffer.from(readFileSync(file, 'utf8').trim(), 'hex').equals(first)).toBe(true);
  });

  it('in production without the environment key refuses, saying what to set, and writes no key file', () => {
    process.env.NODE_ENV = 'production';
    expect(() => encryptionKey()).toThrow(/TRADED_ENCRYPTION_KEY/);
    expect(encryptionKeyProblem()).toMatch(/Set TRADED_ENCRYPTION_KEY/);
    expect(existsSync(path.join(dir, 'data'))).toBe(false);
  });
});
