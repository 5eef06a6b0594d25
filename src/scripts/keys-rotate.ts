// `npm run keys:rotate`: re-encrypts every encrypted field (each module registers its columns) with
// the newest key in FIELD_ENCRYPTION_KEYS, in batches of one transaction each. Run after putting a
// new key first; remove the old key once this reports nothing left under it.
import { buildServices } from '../app.ts';
import { loadConfig } from '../platform/config.ts';
import { countNeedingRotation, rotateEncryptedColumns } from '../platform/crypto/registry.ts';
import { resolveSecrets } from '../platform/secrets.ts';
import { openConfiguredDatabase, runTool } from './database.ts';

await runTool(async () => {
  const config = loadConfig();
  const secrets = resolveSecrets(config);
  const database = await openConfiguredDatabase();
  try {
    const services = buildServices({ config, database, secrets });
    const results = await rotateEncryptedColumns(database.db, services.cipher);
    for (const r of results) process.stdout.write(`${r.table}: ${r.rewritten} rows re-encrypted\n`);
    const left = await countNeedingRotation(database.db, services.cipher);
    await services.audit.record({
      action: 'keys.rotated',
      details: { tables: results.map((r) => ({ table: r.table, rewritten: r.rewritten })), remaining: left },
    });
    process.stdout.write(
      left === 0
        ? 'Every encrypted value now uses the newest key: older keys can be removed from FIELD_ENCRYPTION_KEYS.\n'
        : `${left} values are still under an older key (written during the run?): run again.\n`,
    );
    return left === 0 ? 0 : 2;
  } finally {
    await database.close();
  }
});
