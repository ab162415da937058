import { durationToSeconds } from './auth.service';

describe(durationToSeconds.name, () => {
  it.each([
    ['900', 900],
    ['0', 0],
    ['45s', 45],
    ['15m', 900],
    ['1h', 3600],
    ['12h', 43_200],
    ['7d', 604_800],
    ['30d', 2_592_000],
  ])('should turn %s into %d seconds', (duration, seconds) => {
    expect(durationToSeconds(duration)).toBe(seconds);
  });

  it.each(['', 'abc', '15 m', '15M', '1w', '-5m', '1.5h', 'h', '15mm', ' 15m', '15m '])(
    'should throw for %j',
    (duration) => {
      expect(() => durationToSeconds(duration)).toThrow(`Invalid duration: ${duration}`);
    },
  );
});
