// Prints the README's configuration table from the config schema, so the two cannot drift apart
// (src/platform/config.test.ts fails when the README's copy is out of date).
import { configTable } from '../platform/config.ts';

process.stdout.write(`${configTable()}\n`);
