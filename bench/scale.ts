import { SEED_000, sets, type BenchContext, type Figure } from './scenarios';
import { startEmulatorProcess } from './emulator-process';
import { timedSync } from './sluice-sync';

/** The sizes S7 compares: S1's full size, then ten times it. */
const SIZES = [1_000_000, 10_000_000];

/**
 * S7, scale: S1's shape (narrow records, 1,000 a page, merge) into PostgreSQL at 1M and then 10M records, sluice
 * alone, each on a fresh worker process, so that each peak memory is its own. Throughput at 10M should stay within
 * 10% of the 1M figure, and the worker's peak RSS flat. `--quick` runs 100k and 1M instead.
 */
export async function s7(ctx: BenchContext): Promise<Figure[]> {
  if (!ctx.postgresUrl) return [];
  const sizes = ctx.quick ? SIZES.map((size) => size / 10) : SIZES;
  const figures: Figure[] = [];
  const rates: number[] = [];
  for (const records of sizes) {
    const emulator = await startEmulatorProcess({ sizes: { files: records } });
    try {
      await ctx.worker.restart();
      const { seconds } = await timedSync({
        client: ctx.client,
        taskQueue: ctx.taskQueue,
        config: SEED_000,
        sets: sets(emulator.url, ['resources.files.endpoint.paginator.limit=1000']),
        destination: { url: ctx.postgresUrl, dataset: `s7_${records}` },
      });
      const label = records.toLocaleString('en-US');
      rates.push(records / seconds);
      figures.push(
        {
          scenario: 'S7',
          name: `sluice → PostgreSQL, ${label} records`,
          value: Math.round(records / seconds),
          unit: 'records/s',
        },
        { scenario: 'S7', name: `worker peak RSS, ${label} records`, value: ctx.worker.peakRssMb(), unit: 'MB' },
      );
    } finally {
      await emulator.stop();
    }
  }
  figures.push({
    scenario: 'S7',
    name: `throughput at ${sizes[1]!.toLocaleString('en-US')} against ${sizes[0]!.toLocaleString('en-US')}`,
    value: Math.round((rates[1]! / rates[0]!) * 100),
    unit: '%',
  });
  return figures;
}
