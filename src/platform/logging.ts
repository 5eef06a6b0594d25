import type { FastifyServerOptions } from 'fastify';
import pg from 'pg';
import type { Config } from './config.ts';

/** Where log lines go instead of standard output (tests capture them). */
export interface LogStream {
  write(line: string): void;
}

/**
 * Request logs carry method, route and status only: no query strings (they can hold a search for
 * "domestic abuse" or a postcode), no bodies, no cookies.
 */
export function loggerOptions(config: Config, stream?: LogStream): FastifyServerOptions['logger'] {
  if (config.LOG_LEVEL === 'silent' || (config.NODE_ENV === 'test' && !stream)) return false;
  return {
    level: config.LOG_LEVEL,
    ...(stream ? { stream } : {}),
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        '*.email',
        '*.password',
        '*.name',
        '*.phone',
        '*.postcode',
        'body',
      ],
      censor: '[redacted]',
    },
    serializers: {
      // Any `err` logged anywhere (ours or Fastify's) goes through the same filter.
      err: ((err: unknown) => (logged.has(err as object) ? err : errorForLog(err))) as never,
      req: (req) => ({ method: req.method, route: req.routeOptions?.url ?? 'unmatched', id: req.id }),
      res: (res) => ({ statusCode: res.statusCode }),
    },
  };
}

/** What a log may say about an error: never a value that went into it. */
export interface LoggedError {
  type: string;
  /**
   * For a database error only "Database error <SQLSTATE>": Drizzle's message lists the parameters
   * and PostgreSQL's quotes values ('invalid input syntax for type integer: "..."').
   */
  message: string;
  /** SQLSTATE for database errors (23505 unique_violation), else Node's or Fastify's code. */
  code?: string;
  /** The SQL as sent, with $1 placeholders: which query, without what was bound to it. */
  query?: string;
  constraint?: string;
  table?: string;
  column?: string;
  /** The PostgreSQL function that raised it (e.g. pg_strtoint32_safe). */
  routine?: string;
  /** Stack frames only: the first line of a stack repeats the message. */
  stack?: string;
}

const logged = new WeakSet<object>();
const MAX_QUERY = 2000;

type Fields = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' && v ? v : undefined);

/** A PostgreSQL error (pg's DatabaseError), found on the error itself or as its cause. */
function databaseError(err: Fields): pg.DatabaseError | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    if (e instanceof pg.DatabaseError) return e;
    e = (e as Fields).cause;
  }
  return undefined;
}

/**
 * An error as it may be logged. Drizzle's DrizzleQueryError says "Failed query: ... params: ..."
 * with every bound value (a contact note, her name); PostgreSQL's message, detail, where and hint
 * quote values too. So for a database error: the query's shape, SQLSTATE and the names of the
 * constraint, table, column and routine; for any other error its type, code and message.
 */
export function errorForLog(err: unknown): LoggedError {
  if (!err || typeof err !== 'object') {
    const out: LoggedError = { type: typeof err, message: '' };
    logged.add(out);
    return out;
  }
  const e = err as Fields;
  const db = databaseError(e);
  const query = str(e.query) ?? str((e.cause as Fields | undefined)?.query);
  const stack = str(e.stack)
    ?.split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
  // A Drizzle error is a database error even when its cause is not PostgreSQL (a refused connection).
  const isDatabase = Boolean(db || query !== undefined || Array.isArray(e.params));
  const code = db?.code ?? str(e.code) ?? str((e.cause as Fields | undefined)?.code);
  const out: LoggedError = {
    type: str(e.constructor?.name) ?? str(e.name) ?? 'Error',
    message: isDatabase ? `Database error ${code ?? 'without a code'}` : (str(e.message) ?? ''),
    code,
    query: query && query.length > MAX_QUERY ? `${query.slice(0, MAX_QUERY)}…` : query,
    constraint: db?.constraint,
    table: db?.table,
    column: db?.column,
    routine: db?.routine,
    stack: stack || undefined,
  };
  for (const k of Object.keys(out) as (keyof LoggedError)[]) if (out[k] === undefined) delete out[k];
  logged.add(out);
  return out;
}

/** One line for a command-line tool's standard error, on the same rule as errorForLog. */
export function describeError(err: unknown): string {
  const e = errorForLog(err);
  const where = e.constraint ? ` (constraint ${e.constraint})` : '';
  return `${e.message}${where}${e.query ? ` in query: ${e.query}` : ''}`;
}
