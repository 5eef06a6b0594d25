import type { FieldCipher } from '../../platform/crypto/fields.ts';

/**
 * Free text about her (her aspiration, interview notes, a decline's reason, an award's conditions)
 * is stored encrypted, like mentoring's and participants' special-category fields, and opened only
 * by the functions that show it to someone allowed.
 */
export const seal = (cipher: FieldCipher, plain: string | null | undefined) =>
  plain ? cipher.encrypt(plain) : null;

export const open = (cipher: FieldCipher, sealed: string | null | undefined) =>
  sealed ? cipher.decrypt(sealed) : null;
