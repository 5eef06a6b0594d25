// Child process of src/platform/db/crash.test.ts: opens the embedded database under DATA_DIR (argv[2])
// and appends audit events one transaction at a time, printing each number once committed, until it
// is killed (or has written 100,000).
import { createAuditService } from '../../src/platform/audit/service.ts';
import { openDatabase } from '../../src/platform/db/index.ts';

const database = await openDatabase({ dataDir: process.argv[2] as string, quiet: true });
const audit = createAuditService(database.db);
process.stdout.write('ready\n');
for (let i = 1; i <= 100_000; i++) {
  await audit.record({ action: 'crash-test-write', recordType: 'crash-test', recordId: String(i) });
  process.stdout.write(`${i}\n`); // a pipe on Linux is written synchronously: printed means committed
}
await database.close(); // bounded, so a writer whose parent died cannot run forever
