import type pg from 'pg';

/**
 * The extensions the migrations create (0002, 0004, 0054), in the order they can be created.
 * pg_trgm, unaccent, cube and btree_gist (employment's index of women by organisation and box)
 * are trusted: the database's owner may create them. earthdistance (the directory's distances,
 * `ll_to_earth`) is not: only a superuser may.
 */
export const REQUIRED_EXTENSIONS = ['pg_trgm', 'unaccent', 'cube', 'earthdistance', 'btree_gist'] as const;

/** The database is not ready for Wayfinder, and someone must act: the message says who and how. */
export class DatabaseSetupError extends Error {}

interface ExtensionState {
  name: string;
  installed: boolean;
  available: boolean;
  trusted: boolean;
}

/**
 * Before migrating: refuses, with one instruction, a database lacking an extension that this user
 * cannot create, instead of failing half-way through the migrations with a stack.
 */
export async function checkExtensions(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<ExtensionState>(
    `select n.name,
            exists (select 1 from pg_extension x where x.extname = n.name) as installed,
            a.name is not null as available,
            coalesce(v.trusted, false) as trusted
       from unnest($1::text[]) with ordinality as n(name, ord)
       left join pg_available_extensions a on a.name = n.name
       left join pg_available_extension_versions v on v.name = a.name and v.version = a.default_version
      order by n.ord`,
    [REQUIRED_EXTENSIONS],
  );
  const missing = rows.filter((r) => !r.installed);
  if (!missing.length) return;
  const { rows: me } = await client.query<{
    user: string;
    database: string;
    superuser: boolean;
    create: boolean;
  }>(
    `select current_user as user, current_database() as database,
            (select rolsuper from pg_roles where rolname = current_user) as superuser,
            has_database_privilege(current_database(), 'CREATE') as create`,
  );
  const { user, database, superuser, create } = me[0]!;
  const unavailable = missing.filter((r) => !r.available);
  const needSuperuser = missing.filter((r) => r.available && !superuser && !(r.trusted && create));
  if (!unavailable.length && !needSuperuser.length) return; // the migrations create them
  throw new DatabaseSetupError(
    setupInstruction({ user, database, missing: missing.map((r) => r.name), unavailable, needSuperuser }),
  );
}

function setupInstruction(s: {
  user: string;
  database: string;
  missing: string[];
  unavailable: ExtensionState[];
  needSuperuser: ExtensionState[];
}): string {
  const names = (list: ExtensionState[]) => list.map((r) => r.name).join(', ');
  const lines = [`Wayfinder cannot set up database "${s.database}": it needs PostgreSQL extensions.`];
  if (s.unavailable.length) {
    lines.push(
      `Not installed on the PostgreSQL server at all: ${names(s.unavailable)}. Install PostgreSQL's ` +
        'contrib modules on the server first (Debian and Ubuntu: apt-get install postgresql-contrib).',
    );
  }
  if (s.needSuperuser.length) {
    lines.push(`Only a superuser may create ${names(s.needSuperuser)}; user "${s.user}" is not one.`);
  }
  const sql = s.missing.map((name) => `CREATE EXTENSION IF NOT EXISTS ${name};`).join(' ');
  lines.push(
    `A superuser of the PostgreSQL server (e.g. the postgres account) must run, once, in database "${s.database}":`,
    '',
    `  ${sql}`,
    '',
    `For example: sudo -u postgres psql -d ${s.database} -c '${sql}'`,
    'Then start Wayfinder again. README.md, "Deployment", lists what the database needs.',
  );
  return lines.join('\n');
}
