import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebhookDelivery } from '../webhooks/webhook-delivery';
import { controlRoutes, CONTROLS_PATH, isLoopback } from './controls.routes';
import type { EmulatorControls } from './emulator-controls';

/** Calls the reset control as a caller at `remoteAddress` would; returns the status and whether it reset. */
async function resetFrom(remoteAddress: string, allowRemote?: boolean, host = 'localhost:12111') {
  const reset = jest.fn();
  const route = controlRoutes({ reset } as unknown as EmulatorControls, {} as WebhookDelivery, { allowRemote }).find(
    (r) => r.method === 'POST' && r.path === `${CONTROLS_PATH}/reset`,
  )!;
  let status = 0;
  let body = '';
  const req = Object.assign(
    (async function* () {
      /* no body */
    })(),
    { socket: { remoteAddress }, headers: { host } },
  ) as unknown as IncomingMessage;
  const res = {
    writeHead: (code: number) => (status = code),
    end: (text: string) => (body = text),
  } as unknown as ServerResponse;
  await route.handle({ req, res, url: new URL(`http://emulator${CONTROLS_PATH}/reset`), params: {} });
  return { status, body: JSON.parse(body), reset: reset.mock.calls.length > 0 };
}

describe('emulator controls access', () => {
  it.each(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])('should treat %s as loopback', (address) => {
    expect(isLoopback(address)).toBe(true);
  });

  it.each(['10.0.0.5', '192.168.1.2', '::ffff:203.0.113.7', '2001:db8::1', '', undefined])(
    'should not treat %p as loopback',
    (address) => {
      expect(isLoopback(address)).toBe(false);
    },
  );

  it('should let a local caller reset', async () => {
    expect(await resetFrom('127.0.0.1')).toMatchObject({ status: 200, reset: true });
  });

  it('should refuse another host with 403, resetting nothing', async () => {
    const answer = await resetFrom('203.0.113.7');
    expect(answer).toMatchObject({ status: 403, reset: false });
    expect(answer.body.error.message).toMatch(/STRIPE_EMULATOR_REMOTE_CONTROLS=true/);
  });

  it.each(['evil.example', 'evil.example:12111', ''])(
    'should refuse a local caller asking by the name %p (DNS rebinding)',
    async (host) => {
      expect(await resetFrom('127.0.0.1', false, host)).toMatchObject({ status: 403, reset: false });
    },
  );

  it.each(['127.0.0.1:12111', '[::1]:12111', 'LOCALHOST'])(
    'should let a local caller asking by %s reset',
    async (host) => {
      expect(await resetFrom('127.0.0.1', false, host)).toMatchObject({ status: 200, reset: true });
    },
  );

  it('should let another host reset when remote controls are allowed', async () => {
    expect(await resetFrom('203.0.113.7', true)).toMatchObject({ status: 200, reset: true });
  });
});
