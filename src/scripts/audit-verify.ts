// `npm run audit:verify`: walks the audit hash chain; exit 0 when intact, 1 naming the first broken event.
import { createAuditService } from '../platform/audit/service.ts';
import { openConfiguredDatabase, runTool } from './database.ts';

await runTool(async () => {
  const database = await openConfiguredDatabase();
  try {
    const result = await createAuditService(database.db).verify();
    if (result.ok) {
      process.stdout.write(`Audit chain intact: ${result.checked} events\n`);
      return 0;
    }
    const b = result.firstBroken!;
    const why =
      b.reason === 'hash'
        ? 'its contents do not match its hash (the event was altered)'
        : 'it does not link to the event before it (an earlier event was removed or altered)';
    process.stdout.write(
      `Audit chain BROKEN at event seq ${b.seq} (${b.at.toISOString()}, action "${b.action}"): ${why}. ` +
        `${result.checked} events before it are intact.\n`,
    );
    return 1;
  } finally {
    await database.close();
  }
});
