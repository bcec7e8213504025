import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** Clock ticks per second of `/proc` CPU times (USER_HZ, 100 on every mainstream Linux). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user and system) a process has used so far; undefined off Linux or once it has exited. */
function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name, which may itself hold spaces: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** The machine's busy and total CPU seconds over all cores since boot; undefined off Linux. */
function machineCpuSeconds(): { busy: number; total: number } | undefined {
  try {
    const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const busy = user! + nice! + system! + irq! + softirq! + steal!;
    return { busy: busy / TICKS_PER_SECOND, total: (busy + idle! + iowait!) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** What a {@link CpuMeter} measured between its start and now. */
export interface CpuUsage {
  /** CPU seconds per process, for those it could read at both ends. */
  seconds: Record<string, number>;
  /** Share of the machine's CPU time that was busy, over every process, in percent. */
  machineBusyPercent?: number;
  cores: number;
}

/**
 * CPU time of named processes and of the whole machine over an interval, from `/proc`: it shows whether a scenario is
 * bound by latency or by CPU, and whose.
 */
export class CpuMeter {
  private readonly start: {
    processes: Record<string, number | undefined>;
    machine: ReturnType<typeof machineCpuSeconds>;
  };

  constructor(private readonly pids: Record<string, number | undefined>) {
    this.start = { processes: this.readProcesses(), machine: machineCpuSeconds() };
  }

  private readProcesses(): Record<string, number | undefined> {
    return Object.fromEntries(
      Object.entries(this.pids).map(([name, pid]) => [name, pid === undefined ? undefined : processCpuSeconds(pid)]),
    );
  }

  read(): CpuUsage {
    const now = this.readProcesses();
    const seconds: Record<string, number> = {};
    for (const [name, value] of Object.entries(now)) {
      const before = this.start.processes[name];
      if (value !== undefined && before !== undefined) seconds[name] = value - before;
    }
    const machine = machineCpuSeconds();
    const before = this.start.machine;
    const elapsed = machine && before ? machine.total - before.total : 0;
    return {
      seconds,
      machineBusyPercent: machine && before && elapsed > 0 ? ((machine.busy - before.busy) / elapsed) * 100 : undefined,
      cores: availableParallelism(),
    };
  }
}
