import { FAULT_KINDS, type FaultKind, type FaultOptions } from './emulator-options';
import { createRng, hashString, type Rng } from './random';

/** A targeted fault: the next `count` requests whose path starts with `pathPrefix` fail. */
export interface FailRule {
  pathPrefix: string;
  count: number;
  /** The status to answer (default 503, or 502 for kind `html`). */
  status?: number;
  /** How to fail; when absent, the status decides. */
  kind?: FaultKind;
  /** Sends a Retry-After header with this many seconds (429s always carry one, default 1). */
  retryAfterSeconds?: number;
}

/** One fault to inject: what to count it as and how to misbehave. */
export interface Fault {
  /** The key of `stats.faultsByKind`: the kind, or the status of a failNext rule without a kind. */
  kind: string;
  mode: 'status' | 'truncated' | 'reset' | 'html';
  status: number;
  retryAfterSeconds?: number;
}

function faultOf(kind: FaultKind, status: number | undefined, retryAfterSeconds: number | undefined): Fault {
  if (kind === 'truncated') return { kind, mode: 'truncated', status: 200 };
  if (kind === 'reset') return { kind, mode: 'reset', status: 0 };
  if (kind === 'html') return { kind, mode: 'html', status: status ?? 502, retryAfterSeconds };
  return {
    kind,
    mode: 'status',
    status: Number(kind),
    retryAfterSeconds: retryAfterSeconds ?? (kind === '429' ? 1 : undefined),
  };
}

function ruleFault(rule: FailRule): Fault {
  if (rule.kind) return faultOf(rule.kind, rule.status, rule.retryAfterSeconds);
  const status = rule.status ?? 503;
  const kind = String(status);
  if ((FAULT_KINDS as readonly string[]).includes(kind))
    return faultOf(kind as FaultKind, status, rule.retryAfterSeconds);
  return {
    kind,
    mode: 'status',
    status,
    retryAfterSeconds: rule.retryAfterSeconds ?? (status === 429 ? 1 : undefined),
  };
}

function checkRule(rule: FailRule): void {
  const fail = (field: string, must: string) => new RangeError(`failNext: rule.${field} ${must}`);
  if (typeof rule.pathPrefix !== 'string' || !rule.pathPrefix.startsWith('/'))
    throw fail('pathPrefix', 'must start with /');
  if (!Number.isSafeInteger(rule.count) || rule.count < 1) throw fail('count', 'must be a positive integer');
  if (rule.status !== undefined && (!Number.isInteger(rule.status) || rule.status < 200 || rule.status > 599))
    throw fail('status', 'must be an HTTP status from 200 to 599');
  if (rule.kind !== undefined && !FAULT_KINDS.includes(rule.kind))
    throw fail('kind', `must be one of ${FAULT_KINDS.join(', ')}`);
  if (
    rule.retryAfterSeconds !== undefined &&
    !(Number.isInteger(rule.retryAfterSeconds) && rule.retryAfterSeconds >= 0)
  )
    throw fail('retryAfterSeconds', 'must be a non-negative integer');
}

/** Decides which requests fail: targeted rules first, in the order they were added, then seeded random faults. */
export class FaultPlan {
  private readonly rules: FailRule[] = [];
  private readonly rng: Rng;

  constructor(
    private readonly random: Required<FaultOptions>,
    seed: number,
  ) {
    this.rng = createRng(seed ^ hashString('faults'));
  }

  /** Queues a targeted rule; it applies to token requests as well as data requests. */
  failNext(rule: FailRule): void {
    checkRule(rule);
    this.rules.push({ ...rule });
  }

  /** The fault for the next request to `path`, if any; random faults strike data requests only. */
  next(path: string, isDataRequest: boolean): Fault | undefined {
    const rule = this.rules.find((r) => path.startsWith(r.pathPrefix));
    if (rule) {
      if (--rule.count === 0) this.rules.splice(this.rules.indexOf(rule), 1);
      return ruleFault(rule);
    }
    if (!isDataRequest || this.random.rate <= 0 || this.rng.next() >= this.random.rate) return undefined;
    return faultOf(this.rng.pick(this.random.kinds), undefined, this.random.retryAfterSeconds);
  }
}
