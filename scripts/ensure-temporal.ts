/** Finds the Temporal CLI or builds it, printing progress; fails when neither works. */
import { findTemporalBinary } from '../client/dev-server/temporal-binary';

const binary = await findTemporalBinary({ log: (line) => console.log(line) });
if (!binary) {
  console.error('The Temporal CLI is missing and Go is unavailable to build it.');
  process.exit(1);
}
console.log(`Temporal CLI: ${binary}`);
