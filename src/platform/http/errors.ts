/**
 * Why a request was refused, for the audit trail (platform/audit/refusals.ts): the permission and a
 * reason code, never personal data.
 */
export interface Refusal {
  reason: 'anonymous' | 'role' | 'organisation' | 'record';
  permission?: string;
}

/** Errors a service raises; the HTTP layer turns them into pages or problem+json. */
export class NotFoundError extends Error {
  readonly status = 404;
  /** Set when the record exists but is another organisation's: shown as not found, audited as refused. */
  constructor(
    message = 'Not found',
    readonly refusal?: Refusal,
  ) {
    super(message);
  }
}

/** Always a refusal; `refusal` says which permission or rule, when known. */
export class ForbiddenError extends Error {
  readonly status = 403;
  constructor(
    message = 'Forbidden',
    readonly refusal?: Refusal,
  ) {
    super(message);
  }
}

/** Field-level validation failures, keyed by form field name, valued by i18n key. */
export class ValidationError extends Error {
  readonly status = 400;
  constructor(readonly fields: Record<string, string>) {
    super('Validation failed');
  }
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { name: string; reason: string }[];
}

export function problem(status: number, title: string, detail?: string, errors?: Problem['errors']): Problem {
  return { type: 'about:blank', title, status, ...(detail ? { detail } : {}), ...(errors ? { errors } : {}) };
}
