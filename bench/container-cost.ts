/**
 * What a stack costs while it runs: memory and CPU of each of its containers, from `docker stats` (the
 * cgroup's figures, the same on cgroup v1 and v2 and with any cgroup driver). One sample takes about two
 * seconds: Docker measures CPU between two reads.
 */
import { docker } from '../lib/docker/cli.js';
import type { RunningStack } from '../lib/stacks/running-stack.js';

export interface ContainerCost {
  service: string;
  memoryMiB: number;
  /** Percent of one core (200 % is both cores of this machine). */
  cpuPercent: number;
}

const units: Record<string, number> = {
  B: 1 / 1048576,
  KiB: 1 / 1024,
  kB: 1 / 1024,
  MiB: 1,
  MB: 1,
  GiB: 1024,
  GB: 1024,
};

function mebibytes(usage: string): number {
  const match = /^([\d.]+)\s*([A-Za-z]+)/.exec(usage.split('/')[0]?.trim() ?? '');
  return match ? Number(match[1]) * (units[match[2] ?? ''] ?? Number.NaN) : Number.NaN;
}

export async function containerCost(stack: RunningStack): Promise<ContainerCost[]> {
  const states = await stack.states();
  const out = await docker(['stats', '--no-stream', '--format', '{{json .}}', ...states.map((s) => s.id)], 30_000);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { ID: string; CPUPerc: string; MemUsage: string })
    .map((row) => ({
      service: states.find((s) => s.id.startsWith(row.ID))?.service ?? row.ID,
      memoryMiB: Math.round(mebibytes(row.MemUsage) * 10) / 10,
      cpuPercent: Number.parseFloat(row.CPUPerc),
    }))
    .sort((a, b) => a.service.localeCompare(b.service));
}
