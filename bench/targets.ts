import type { Figure } from './scenarios';

/** A target of the performance issue, checked against this run's figures. */
export interface TargetCheck {
  target: string;
  measured: string;
  pass?: boolean;
}

const find = (figures: Figure[], scenario: string, name: string) =>
  figures.find((f) => f.scenario === scenario && f.name.startsWith(name))?.value;

/** Checks P1–P5 as ratios measured in the same run (for P1, the median of per-round ratios). */
export function targets(figures: Figure[]): TargetCheck[] {
  const vsDlt = find(figures, 'S1', 'sluice ÷ dlt');
  const percentOfRaw = find(figures, 'S1', 'sluice ÷ raw loop');
  const bound = find(figures, 'S2', 'ratio to the bound');
  const overhead = find(figures, 'S3', 'overhead per page');
  const speedUp = find(figures, 'S4', 'speed-up');
  const rss = [find(figures, 'S1', 'worker peak RSS'), find(figures, 'S5', 'worker peak RSS')].filter(
    (v): v is number => v !== undefined,
  );
  return [
    {
      target: 'P1 S1 PostgreSQL ≥ 5× dlt',
      measured: vsDlt === undefined ? '—' : `${vsDlt.toFixed(2)}×`,
      pass: vsDlt === undefined ? undefined : vsDlt >= 5,
    },
    {
      target: 'P1 S1 PostgreSQL ≥ 70% of raw',
      measured: percentOfRaw === undefined ? '—' : `${percentOfRaw}%`,
      pass: percentOfRaw === undefined ? undefined : percentOfRaw >= 70,
    },
    {
      target: 'P2 S2 ≤ 1.25× critical path',
      measured: bound === undefined ? '—' : `${bound}×`,
      pass: bound === undefined ? undefined : bound <= 1.25,
    },
    {
      target: 'P3 S3 ≤ 2 ms/page',
      measured: overhead === undefined ? '—' : `${overhead} ms`,
      pass: overhead === undefined ? undefined : overhead <= 2,
    },
    {
      target: 'P4 S4 parallel ≥ 4× sequential',
      measured: speedUp === undefined ? '—' : `${speedUp}×`,
      pass: speedUp === undefined ? undefined : speedUp >= 4,
    },
    {
      target: 'P5 peak RSS ≤ 300 MB (S1, S5)',
      measured: rss.length ? `${Math.max(...rss)} MB` : '—',
      pass: rss.length ? Math.max(...rss) <= 300 : undefined,
    },
  ];
}
