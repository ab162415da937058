import type { TestApp } from './test-app';

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** One scrape of /metrics, read the way Prometheus reads its text format. */
export class Scrape {
  constructor(readonly samples: Sample[]) {}

  /** The sum of the samples named `name` whose labels include `labels` (0 when there are none). */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.matching(name, labels).reduce((sum, sample) => sum + sample.value, 0);
  }

  matching(name: string, labels: Record<string, string> = {}): Sample[] {
    return this.samples.filter(
      (s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value),
    );
  }

  /** How much each counter moved since `before`, for the samples matching `labels`. */
  delta(before: Scrape, name: string, labels: Record<string, string> = {}): number {
    return this.value(name, labels) - before.value(name, labels);
  }
}

export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`Not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

export async function scrape(t: TestApp, headers: Record<string, string> = {}): Promise<Scrape> {
  const response = await t.http().get('/metrics').set(headers).expect(200);
  return new Scrape(parseMetrics(response.text));
}
