import type { Figure } from './scenarios';

/** A target of the performance issue, checked against this run's figures. */
export interface TargetCheck {
  target: string;
  measured: string;
  pass?: boolean;
}

const find = (figures: Figure[], scenario: string, name: string) =>
  figures.find((f) => f.scenario === scenario && f.name.startsWith(name))?.value;

const check = (
  target: string,
  value: number | undefined,
  format: (v: number) => string,
  pass: (v: number) => boolean,
) =>
  value === undefined || Number.isNaN(value)
    ? { target, measured: '—' }
    : { target, measured: format(value), pass: pass(value) };

const times = (v: number) => `${v}×`;
const percent = (v: number) => `${v}%`;

/** Checks P1–P7 as ratios measured in the same run (medians of per-round ratios where there are rounds). */
export function targets(figures: Figure[]): TargetCheck[] {
  const rss = [
    find(figures, 'S1', 'worker peak RSS'),
    find(figures, 'S5', 'worker peak RSS'),
    ...figures
      .filter((f) => (f.scenario === 'S7' || f.scenario === 'S8') && f.name.startsWith('worker peak RSS'))
      .map((f) => f.value),
  ].filter((v): v is number => v !== undefined);
  const big = figures.find((f) => f.scenario === 'S6' && f.name.includes('records:'))?.name.split(':')[0];
  const s6 = (size: string | undefined, name: string) => (size ? find(figures, 'S6', `${size}: ${name}`) : undefined);
  const small = 'one 1,000-record page';
  // P7 compares whole processes: sluice's time over dlt's, the inverse of the speed figure.
  const slower = (name: string) => {
    const speed = s6(small, `${name}: speed against dlt`);
    return speed === undefined ? undefined : Number((1 / speed).toFixed(2));
  };
  return [
    check('P1 S1 PostgreSQL ≥ 8× dlt', find(figures, 'S1', 'sluice ÷ dlt'), times, (v) => v >= 8),
    check(
      'P1 S1 PostgreSQL ≥ 80% of the pipelined raw loop',
      find(figures, 'S1', 'sluice ÷ pipelined'),
      percent,
      (v) => v >= 80,
    ),
    check(
      'P2 S2 worker CPU ≤ 0.5 ms per page',
      find(figures, 'S2', 'worker CPU per page'),
      (v) => `${v} ms`,
      (v) => v <= 0.5,
    ),
    check(
      'P3 S3 ≤ 2 ms/page',
      find(figures, 'S3', 'overhead per page'),
      (v) => `${v} ms`,
      (v) => v <= 2,
    ),
    check('P4 S4 parallel ≥ 4× sequential', find(figures, 'S4', 'speed-up'), times, (v) => v >= 4),
    check(
      'P5 peak RSS ≤ 300 MB (S1, S5, S7, S8)',
      rss.length ? Math.max(...rss) : undefined,
      (v) => `${v} MB`,
      (v) => v <= 300,
    ),
    check(
      'Scale: S7 throughput at 10× the records ≥ 90% of the smaller run',
      find(figures, 'S7', 'throughput at'),
      percent,
      (v) => v >= 90,
    ),
    check(
      'Scale: S8 time at 10× the parent keys ≤ 10× the smaller run',
      find(figures, 'S8', 'time at'),
      times,
      (v) => v <= 10,
    ),
    check(
      'P6 S6 N records, no server: ≥ 70% of the pipelined raw whole process',
      s6(big, 'sluice, no server ÷ pipelined'),
      percent,
      (v) => v >= 70,
    ),
    check(
      'P6 S6 N records, server running: ≥ 70% of the pipelined raw whole process',
      s6(big, 'sluice, server running ÷ pipelined'),
      percent,
      (v) => v >= 70,
    ),
    check(
      'P6 S6 N records, no server: ≥ 5× dlt',
      s6(big, 'sluice, no server: speed against dlt'),
      times,
      (v) => v >= 5,
    ),
    check(
      'P6 S6 N records, server running: ≥ 5× dlt',
      s6(big, 'sluice, server running: speed against dlt'),
      times,
      (v) => v >= 5,
    ),
    check('P7 S6 one page, server running: ≤ 1× dlt', slower('sluice, server running'), times, (v) => v <= 1),
    check('P7 S6 one page, no server: ≤ 2× dlt', slower('sluice, no server'), times, (v) => v <= 2),
  ];
}
