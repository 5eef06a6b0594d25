#!/usr/bin/env bash
# CI: Wayfinder on an existing PostgreSQL (Debian's), set up exactly as README.md "Deployment" says:
# an ordinary role that owns its database, the extensions created once by a superuser. Runs in a
# throwaway cluster (temp directory, free port, the postgres OS user), removed on exit; it never
# touches the machine's own clusters.
set -euo pipefail
cd "$(dirname "$0")/.."

# The smoke set: sign-in and sessions, her record, directory search (distances use earthdistance),
# casework. Fast files only; the whole suite runs on the embedded server in `npm test`.
SMOKE=(
  src/platform/auth/auth.test.ts
  src/platform/auth/session-store.test.ts
  src/modules/participants/service.test.ts
  src/modules/directory/search.test.ts
  src/modules/directory/public-routes.test.ts
  src/modules/casework/referrals.test.ts
  src/modules/casework/contacts.test.ts
)

pg_bin() { find /usr/lib/postgresql -maxdepth 3 -path '*/bin/initdb' 2>/dev/null | sort -V | tail -1 | xargs -r dirname; }
BIN=$(pg_bin)
if [ -z "$BIN" ]; then
  # Installed without a default cluster of its own: this script makes the only one it uses.
  mkdir -p /etc/postgresql-common
  echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Options::=--force-confold \
    postgresql postgresql-contrib >/dev/null
  BIN=$(pg_bin)
fi

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
TMP=$(mktemp -d /tmp/wayfinder-existing-pg.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres "$TMP"
cleanup() {
  as_pg "$BIN/pg_ctl" -D "$TMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap cleanup EXIT

PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
as_pg "$BIN/initdb" -D "$TMP/data" -U postgres --auth-local=peer --auth-host=scram-sha-256 \
  --encoding=UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$BIN/pg_ctl" -D "$TMP/data" -l "$TMP/server.log" -w -o "-p $PORT -k $TMP -c listen_addresses=127.0.0.1" \
  start >/dev/null
su_sql() { as_pg "$BIN/psql" -h "$TMP" -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
echo "existing PostgreSQL: $(su_sql -d postgres -c 'show server_version') on port $PORT"

# The deployment: an ordinary role (CREATEDB only so the test harness can copy its template database).
PASSWORD=$(node -e "console.log(require('crypto').randomBytes(18).toString('hex'))")
su_sql -d postgres -c "create role wayfinder_owner login createdb password '$PASSWORD'"
su_sql -d postgres -c 'create database wayfinder owner wayfinder_owner template template0'
su_sql -d postgres -c 'create database wayfinder_bare owner wayfinder_owner template template0'
url() { echo "postgres://wayfinder_owner:$PASSWORD@127.0.0.1:$PORT/$1"; }

# Before the administrator's step, the app says what to do instead of dying with a stack.
set +e
refused=$(DATABASE_URL=$(url wayfinder_bare) DATA_DIR="$TMP/app" PORT=0 npx tsx src/main.ts 2>&1)
code=$?
set -e
if [ $code -eq 0 ] || ! grep -q 'CREATE EXTENSION IF NOT EXISTS earthdistance' <<<"$refused" ||
  grep -qE 'DrizzleQueryError|^\s+at ' <<<"$refused"; then
  echo "npm start on a database without the extensions should print the instruction; got (exit $code):"
  echo "$refused"
  exit 1
fi
echo "without the extensions, npm start stops with the instruction (exit $code):"
sed 's/^/  | /' <<<"$refused"

# The administrator's step, as README.md "Deployment" gives it; in template1 too, so every database
# the test harness creates has them.
EXTENSIONS='CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS unaccent; CREATE EXTENSION IF NOT EXISTS cube; CREATE EXTENSION IF NOT EXISTS earthdistance; CREATE EXTENSION IF NOT EXISTS btree_gist;'
su_sql -d wayfinder -c "$EXTENSIONS"
su_sql -d template1 -c "$EXTENSIONS"

DATABASE_URL=$(url wayfinder) npx tsx src/scripts/migrate.ts
TEST_DATABASE_URL=$(url postgres) npx tsx tests/run.ts "${SMOKE[@]}"
