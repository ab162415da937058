import { DEFAULT_EMULATOR_PORT, DEFAULT_WEBHOOK_URL, readStandaloneConfig } from './standalone-config';

describe('readStandaloneConfig', () => {
  it('should default to port 12111, the app webhook route and a generated whsec_ secret', () => {
    const { options, secretGenerated } = readStandaloneConfig({});

    expect(options).toMatchObject({ port: DEFAULT_EMULATOR_PORT, host: '127.0.0.1', webhookUrl: DEFAULT_WEBHOOK_URL });
    expect(DEFAULT_EMULATOR_PORT).toBe(12111);
    expect(DEFAULT_WEBHOOK_URL).toBe('http://localhost:3000/webhooks/stripe');
    expect(options.webhookSecret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
    expect(options.paypal).toEqual({ webhookUrl: 'http://localhost:3000/webhooks/paypal', webhookId: undefined });
    expect(secretGenerated).toBe(true);
    expect(readStandaloneConfig({}).options.webhookSecret).not.toBe(options.webhookSecret);
  });

  it('should read the environment, signing with the first of rotated secrets', () => {
    const { options, secretGenerated } = readStandaloneConfig({
      STRIPE_EMULATOR_PORT: '0',
      STRIPE_WEBHOOK_SECRET: 'whsec_current, whsec_previous',
      STRIPE_EMULATOR_WEBHOOK_URL: 'http://127.0.0.1:4000/hooks',
      STRIPE_EMULATOR_ASYNC_OUTCOME: 'manual',
    });

    expect(options).toMatchObject({
      port: 0,
      webhookSecret: 'whsec_current',
      webhookUrl: 'http://127.0.0.1:4000/hooks',
    });
    expect(options.asyncPaymentAutoOutcome).toBeUndefined();
    expect(secretGenerated).toBe(false);
  });

  it("should send PayPal's events beside Stripe's, to the same app, with the app's webhook id", () => {
    const paypalOf = (env: Record<string, string>) => readStandaloneConfig(env).options.paypal;
    expect(paypalOf({ STRIPE_EMULATOR_WEBHOOK_URL: 'http://10.0.0.5:8080/api/webhooks/stripe' })).toEqual({
      webhookUrl: 'http://10.0.0.5:8080/api/webhooks/paypal',
      webhookId: undefined,
    });
    expect(
      paypalOf({ STRIPE_EMULATOR_WEBHOOK_URL: 'http://127.0.0.1:4000/hooks', PAYPAL_WEBHOOK_ID: 'WH1234' }),
    ).toEqual({
      webhookUrl: 'http://127.0.0.1:4000/webhooks/paypal',
      webhookId: 'WH1234',
    });
  });

  it.each([
    [{ STRIPE_EMULATOR_PORT: 'http' }, /STRIPE_EMULATOR_PORT/],
    [{ STRIPE_EMULATOR_PORT: '70000' }, /STRIPE_EMULATOR_PORT/],
    [{ STRIPE_EMULATOR_WEBHOOK_URL: 'not a url' }, /STRIPE_EMULATOR_WEBHOOK_URL/],
    [{ STRIPE_EMULATOR_ASYNC_OUTCOME: 'maybe' }, /STRIPE_EMULATOR_ASYNC_OUTCOME/],
  ])('should refuse %j', (env, message) => {
    expect(() => readStandaloneConfig(env)).toThrow(message);
  });
});

describe('readStandaloneConfig: production and remote controls', () => {
  it('should refuse to start with NODE_ENV=production, like the app', () => {
    expect(() => readStandaloneConfig({ NODE_ENV: 'production' })).toThrow(/refuses to start with NODE_ENV=production/);
  });

  it('should keep the controls local unless STRIPE_EMULATOR_REMOTE_CONTROLS=true', () => {
    expect(readStandaloneConfig({}).options.remoteControls).toBe(false);
    expect(readStandaloneConfig({ STRIPE_EMULATOR_REMOTE_CONTROLS: 'true' }).options.remoteControls).toBe(true);
    expect(() => readStandaloneConfig({ STRIPE_EMULATOR_REMOTE_CONTROLS: 'yes' })).toThrow(
      /STRIPE_EMULATOR_REMOTE_CONTROLS/,
    );
  });
});
