// Child process of src/platform/db/crash.test.ts: opens the embedded database under DATA_DIR (argv[2])
// and runs two writers at once until it is killed: audit events appended one transaction at a time
// (each number printed once committed), and a directory import looping over generated services in
// batches of IMPORT_BATCH (prints "import N" once services 1..N are committed). Bounded, so a writer
// whose parent died cannot run for ever.
import { importDocuments } from '../../src/modules/directory/import/run.ts';
import { createAuditService } from '../../src/platform/audit/service.ts';
import { openDatabase } from '../../src/platform/db/index.ts';
import { crashService, IMPORT_BATCH, PER_RUN } from './crash-import.ts';

const database = await openDatabase({ dataDir: process.argv[2] as string, quiet: true });
const audit = createAuditService(database.db);
process.stdout.write('ready\n');
// A pipe on Linux is written synchronously: a line printed means its transaction committed.
const importing = (async () => {
  for (let run = 0; run < 200; run++) {
    const docs = Array.from({ length: PER_RUN }, (_, i) => crashService(run * PER_RUN + i + 1));
    await importDocuments({ db: database.db, audit }, docs, 'crash-import.json', {
      batchSize: IMPORT_BATCH,
      onProgress: (p) => {
        if (p.phase === 'writing') process.stdout.write(`import ${run * PER_RUN + p.imported}\n`);
      },
    });
  }
})();
for (let i = 1; i <= 100_000; i++) {
  await audit.record({ action: 'crash-test-write', recordType: 'crash-test', recordId: String(i) });
  process.stdout.write(`${i}\n`);
}
await importing;
await database.close();
