import { loadConfig } from './app-config';
import { ConfigValidationError } from './environment';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.problems;
    throw error;
  }
  throw new Error(`Expected a ConfigValidationError for ${JSON.stringify(env)}`);
}

describe('loadConfig: the in-app Stripe emulator', () => {
  it('should listen on loopback only and give checkout URLs on that address when nothing is set', () => {
    const stripe = loadConfig({}).payments.stripe;

    expect(stripe.emulatorHost).toBe('127.0.0.1');
    expect(stripe.emulatorPublicUrl).toBeUndefined();
  });

  it('should take the bind address and the public URL browsers use, without a trailing slash', () => {
    const stripe = loadConfig({
      STRIPE_EMULATOR_HOST: '0.0.0.0',
      STRIPE_EMULATOR_PUBLIC_URL: 'https://shiny-space-12111.app.github.dev/',
    }).payments.stripe;

    expect(stripe.emulatorHost).toBe('0.0.0.0');
    expect(stripe.emulatorPublicUrl).toBe('https://shiny-space-12111.app.github.dev');
  });

  it('should accept an IPv6 bind address and a host name without a top-level domain in the public URL', () => {
    const stripe = loadConfig({ STRIPE_EMULATOR_HOST: '::', STRIPE_EMULATOR_PUBLIC_URL: 'http://my-devbox:12111' })
      .payments.stripe;

    expect(stripe.emulatorHost).toBe('::');
    expect(stripe.emulatorPublicUrl).toBe('http://my-devbox:12111');
  });

  it('should treat blank values as unset', () => {
    const stripe = loadConfig({ STRIPE_EMULATOR_HOST: ' ', STRIPE_EMULATOR_PUBLIC_URL: '' }).payments.stripe;

    expect(stripe.emulatorHost).toBe('127.0.0.1');
    expect(stripe.emulatorPublicUrl).toBeUndefined();
  });

  it.each([
    ['a host name', { STRIPE_EMULATOR_HOST: 'my-devbox' }, /^STRIPE_EMULATOR_HOST must be an IP address/],
    [
      'an address with a port',
      { STRIPE_EMULATOR_HOST: '0.0.0.0:12111' },
      /^STRIPE_EMULATOR_HOST must be an IP address/,
    ],
    [
      'a URL without a scheme',
      { STRIPE_EMULATOR_PUBLIC_URL: 'my-devbox:12111' },
      /^STRIPE_EMULATOR_PUBLIC_URL must be an http\(s\) URL/,
    ],
    [
      'a URL of another scheme',
      { STRIPE_EMULATOR_PUBLIC_URL: 'ftp://my-devbox/' },
      /^STRIPE_EMULATOR_PUBLIC_URL must be an http\(s\) URL/,
    ],
  ])('should refuse %s, naming the variable', (_case, env, message) => {
    expect(problemsOf(env)).toEqual([expect.stringMatching(message)]);
  });
});
