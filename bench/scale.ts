import { fanOut, SEED_000, sets, type BenchContext, type Figure } from './scenarios';
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

/** The folder sizes S8 compares: S5's full size (about 100k parent keys), then ten times it. */
const FAN_OUT_ITEMS = [150_000, 1_500_000];

/**
 * S8, fan-out scale: S5 at about 100k and then 1M parent keys, each on a fresh worker process. The time at 1M keys
 * should stay within 10× the 100k figure, and the worker's peak RSS flat. `--quick` runs 10k and 100k keys instead.
 */
export async function s8(ctx: BenchContext): Promise<Figure[]> {
  const sizes = ctx.quick ? FAN_OUT_ITEMS.map((items) => items / 10) : FAN_OUT_ITEMS;
  const figures: Figure[] = [];
  const runs: Array<{ seconds: number; partitions: number }> = [];
  for (const items of sizes) {
    const run = await fanOut(ctx, items);
    runs.push(run);
    const label = `${run.partitions.toLocaleString('en-US')} parent keys`;
    figures.push(
      { scenario: 'S8', name: `fan-out to ${label}`, value: Number(run.seconds.toFixed(1)), unit: 's' },
      { scenario: 'S8', name: `worker peak RSS, ${label}`, value: run.peakRssMb, unit: 'MB' },
    );
    ctx.log(`  ${label}: ${run.seconds.toFixed(1)} s, peak RSS ${run.peakRssMb} MB`);
  }
  const [small, large] = runs as [(typeof runs)[0], (typeof runs)[0]];
  figures.push({
    scenario: 'S8',
    name: `time at ${large.partitions.toLocaleString('en-US')} keys against ${small.partitions.toLocaleString('en-US')}`,
    value: Number((large.seconds / small.seconds).toFixed(2)),
    unit: '×',
    note: `${(large.partitions / small.partitions).toFixed(1)}× the keys`,
  });
  return figures;
}
