import { z } from 'zod';
import { queryValue } from '../http/zod.ts';

/**
 * The sign-in, second-factor and set-password forms and the auth pages' route schemas, as zod (the
 * forms toolkit in platform/http/forms.ts renders their issues as field errors).
 */
export const signInForm = z.object({
  email: z.string().trim().min(1, 'signIn.errors.emailMissing').email('signIn.errors.emailInvalid'),
  password: z.string().min(1, 'signIn.errors.passwordMissing'),
});
export const codeForm = z.object({ code: z.string().trim().min(1, 'signIn.errors.codeMissing') });
export const passwordForm = z
  .object({
    password: z
      .string()
      .min(1, 'setPassword.errors.missing')
      .min(12, 'setPassword.errors.tooShort')
      .max(256, 'setPassword.errors.tooLong'),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'setPassword.errors.mismatch' });

/** `?next=` (checked by safeNext before use) and, on the sign-in page, `?timeout` after a timeout. */
export const nextQuery = z.object({ next: queryValue, timeout: queryValue });
/** `/set-password/:token`: any string; an unknown or expired token is the "link expired" page. */
export const tokenParams = z.object({ token: z.string() });
