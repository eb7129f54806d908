import { describe, expect, it, vi } from 'vitest';

// The real scrypt, watched: how many run at once.
const watch = vi.hoisted(() => ({ running: 0, most: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  const scrypt = (...args: unknown[]) => {
    const done = args.pop() as (error: Error | null, key: Buffer) => void;
    watch.running++;
    watch.most = Math.max(watch.most, watch.running);
    (crypto.scrypt as (...a: unknown[]) => void)(...args, (error: Error | null, key: Buffer) => {
      watch.running--;
      done(error, key);
    });
  };
  return { ...crypto, default: { ...crypto, scrypt }, scrypt };
});

const { hashPassword, verifyPassword } = await import('../../src/auth/password.ts');

describe('staff passwords', () => {
  it('verifies the password it hashed and nothing else', async () => {
    const stored = await hashPassword('correct horse');
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct hors', stored)).toBe(false);
  });

  it('runs at most two scrypt computations at once, however many logins arrive together', async () => {
    watch.most = 0;
    const stored = await hashPassword('pw');
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => verifyPassword(i % 2 ? 'pw' : 'wrong', stored)));
    expect(results).toEqual([false, true, false, true, false, true]);
    expect(watch.most).toBe(2);
    expect(watch.running).toBe(0);
  });
});
