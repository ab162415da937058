import Stripe from 'stripe';
import { Harness, startHarness } from './testing/emulator-harness';
import { httpCall, postJson } from './testing/http-client';

describe('API faults (test control)', () => {
  let h: Harness;
  const faultsUrl = () => `${h.emulator.url}/_emulator/faults`;

  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('should answer /v1 requests only after latencyMs, and the controls at once', async () => {
    const set = await postJson(faultsUrl(), { latencyMs: 400 });
    expect(set.status).toBe(200);
    expect(set.json()).toEqual({ latencyMs: 400, down: false });

    const started = Date.now();
    const session = await h.createSession();
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(session.status).toBe('open');
    const controlStarted = Date.now();
    expect((await httpCall('GET', faultsUrl())).json()).toEqual({ latencyMs: 400, down: false });
    expect(Date.now() - controlStarted).toBeLessThan(400);
  });

  it('should cut /v1 connections without an answer while down, and create nothing', async () => {
    await postJson(faultsUrl(), { down: true });

    await expect(h.createSession()).rejects.toBeInstanceOf(Stripe.errors.StripeConnectionError);
    expect(h.logs.filter((line) => line.message === 'stripe api request')).toEqual([]);

    const cleared = await httpCall('DELETE', faultsUrl());
    expect(cleared.status).toBe(200);
    expect(cleared.json()).toEqual({ latencyMs: 0, down: false });
    expect((await h.stripe.checkout.sessions.list()).data).toEqual([]);
    expect((await h.createSession()).status).toBe('open');
  });

  it('should cut requests still waiting out the latency when an outage starts', async () => {
    await postJson(faultsUrl(), { latencyMs: 300 });
    const waiting = h.createSession();
    await postJson(faultsUrl(), { down: true });

    await expect(waiting).rejects.toBeInstanceOf(Stripe.errors.StripeConnectionError);
    await httpCall('DELETE', faultsUrl());
    expect((await h.stripe.checkout.sessions.list()).data).toEqual([]);
  });

  it.each([
    [{ latencyMs: -1 }, 'latencyMs'],
    [{ latencyMs: 60_001 }, 'latencyMs'],
    [{ latencyMs: 1.5 }, 'latencyMs'],
    [{ latencyMs: '100' }, 'latencyMs'],
    [{ down: 'yes' }, 'down'],
    [{ down: true, slow: true }, 'slow'],
  ])('should refuse %j with a 400 naming %s, and change nothing', async (body, param) => {
    await postJson(faultsUrl(), { latencyMs: 5 });

    const refused = await postJson(faultsUrl(), body);

    expect(refused.status).toBe(400);
    expect(refused.json()).toMatchObject({ error: { type: 'invalid_request_error', param } });
    expect((await httpCall('GET', faultsUrl())).json()).toEqual({ latencyMs: 5, down: false });
  });

  it('should forget the faults on reset', async () => {
    await postJson(faultsUrl(), { latencyMs: 50, down: true });

    h.emulator.reset();

    expect((await httpCall('GET', faultsUrl())).json()).toEqual({ latencyMs: 0, down: false });
    expect((await h.createSession()).status).toBe('open');
  });
});
