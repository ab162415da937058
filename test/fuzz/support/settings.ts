/**
 * Knobs read from the environment, once. One seed drives every family, so a failure printed by CI
 * is reproduced with the same FUZZ_SEED (and FUZZ_RUNS, which changes what is generated).
 */
function integerFrom(name: string, fallback: () => number, range: [number, number]): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback();
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range[0] || value > range[1]) {
    throw new Error(`${name} must be an integer in [${range[0]}, ${range[1]}], got ${JSON.stringify(raw)}`);
  }
  return value;
}

export interface FuzzSettings {
  seed: number;
  /** Cases per family. */
  runs: number;
  /**
   * FUZZ_KEEP_GOING=1: record every failing case, keep generating, and fail the family at its end
   * with one example per distinct failure kind (what someone fixing the app wants to see at once).
   * Default: stop at the first failure, the usual fast-check run.
   */
  keepGoing: boolean;
}

let settings: FuzzSettings | undefined;

export function fuzzSettings(): FuzzSettings {
  settings ??= {
    // fast-check seeds are 32-bit integers.
    seed: integerFrom('FUZZ_SEED', () => (Math.random() * 2 ** 31) | 0, [-(2 ** 31), 2 ** 31 - 1]),
    runs: integerFrom('FUZZ_RUNS', () => 1000, [1, 1_000_000]),
    keepGoing: /^(1|true|yes)$/i.test(process.env.FUZZ_KEEP_GOING ?? ''),
  };
  return settings;
}

/** Jest's limit for one family: generous, but a hung request still ends the run. */
export const familyTimeoutMs = () => Math.max(120_000, fuzzSettings().runs * 150);
