import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Field encryption for special-category data: AES-256-GCM, a fresh IV per value, and the key id
 * stored with the value so keys can be rotated (new key first in the list; old keys still decrypt
 * until `reencrypt` has moved every value on).
 * Stored form: `v1.<keyId>.<iv b64>.<tag b64>.<ciphertext b64>`.
 */
export interface FieldCipher {
  encrypt(plain: string): string;
  decrypt(stored: string): string;
  /** True when the value was written with an older key. */
  needsRotation(stored: string): boolean;
}

export function parseKeys(spec: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [id, b64] = part.split(':');
    const key = Buffer.from(b64 ?? '', 'base64');
    if (!id || !/^[A-Za-z0-9_-]+$/.test(id) || key.length !== 32) {
      throw new Error('FIELD_ENCRYPTION_KEYS must be id:base64 pairs of 32-byte keys');
    }
    keys.set(id, key);
  }
  if (keys.size === 0) throw new Error('FIELD_ENCRYPTION_KEYS has no key');
  return keys;
}

export function newKeySpec(id = `k${Date.now().toString(36)}`): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

export function createFieldCipher(spec: string): FieldCipher {
  const keys = parseKeys(spec);
  const [currentId, currentKey] = [...keys.entries()][0] as [string, Buffer];
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [
        'v1',
        currentId,
        iv.toString('base64'),
        cipher.getAuthTag().toString('base64'),
        body.toString('base64'),
      ].join('.');
    },
    decrypt(stored) {
      const [version, id, iv, tag, body] = stored.split('.');
      const key = id ? keys.get(id) : undefined;
      if (version !== 'v1' || !key || !iv || !tag || body === undefined)
        throw new Error('Encrypted value cannot be read with the configured keys');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    },
    needsRotation(stored) {
      return stored.split('.')[1] !== currentId;
    },
  };
}
