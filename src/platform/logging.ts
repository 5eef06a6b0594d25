import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.ts';

/**
 * Request logs carry method, route and status only: no query strings (they can hold a search for
 * "domestic abuse" or a postcode), no bodies, no cookies.
 */
export function loggerOptions(config: Config): FastifyServerOptions['logger'] {
  if (config.LOG_LEVEL === 'silent' || config.NODE_ENV === 'test') return false;
  return {
    level: config.LOG_LEVEL,
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
      req: (req) => ({ method: req.method, route: req.routeOptions?.url ?? 'unmatched', id: req.id }),
      res: (res) => ({ statusCode: res.statusCode }),
    },
  };
}
