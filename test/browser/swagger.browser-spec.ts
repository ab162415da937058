import type { Locator } from 'playwright-core';
import { screenshot } from './support/browser';
import { browserWorld } from './support/world';

jest.setTimeout(60_000);

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** What a developer does with the README's "open /docs, log in, press Authorize" advice. */
describe('Swagger UI in Chromium (browser)', () => {
  // Swagger UI is served by the app itself: no shop, and no CDN, no online validator, nothing else.
  const world = browserWorld({ shop: 'none', customerPrefix: 'swagger' });

  /** The rendered operation block for `METHOD path`, e.g. `post`, `/orders/{id}/pay`. */
  const operation = (method: string, path: string): Locator =>
    world.page
      .locator(`.opblock.opblock-${method}`)
      .filter({ has: world.page.locator(`.opblock-summary-path[data-path="${path}"]`) });

  async function openDocs(): Promise<void> {
    const response = await world.page.goto(`${world.t.baseUrl}/docs`);
    expect(response?.status()).toBe(200);
    await world.page.locator('.opblock').first().waitFor();
  }

  it('renders every operation of the OpenAPI document, the admin routes and the Authorize button', async () => {
    const { body: document } = await world.t.http().get('/docs-json').expect(200);
    const expected = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(([path, item]) =>
      HTTP_METHODS.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(expected).toEqual(
      expect.arrayContaining(['POST /orders/{id}/pay', 'GET /admin/products', 'POST /auth/login', 'GET /auth/me']),
    );

    await openDocs();
    expect(await world.page.locator('.info .title').innerText()).toContain('orderpay');
    const blocks = world.page.locator('.opblock');
    const rendered: string[] = [];
    for (let i = 0; i < (await blocks.count()); i++) {
      const block = blocks.nth(i);
      const method = (await block.locator('.opblock-summary-method').innerText()).trim();
      const path = await block.locator('.opblock-summary-path').getAttribute('data-path');
      rendered.push(`${method} ${path}`);
    }
    expect([...rendered].sort()).toEqual([...expected].sort());

    for (const [method, path] of [
      ['post', '/orders/{id}/pay'],
      ['get', '/admin/products'],
      ['post', '/admin/products'],
      ['patch', '/admin/products/{id}'],
    ]) {
      expect(await operation(method, path).isVisible()).toBe(true);
    }
    // Routes that need a token show a lock; the public ones do not.
    expect(await operation('post', '/orders/{id}/pay').locator('.authorization__btn').count()).toBe(1);
    expect(await operation('post', '/auth/login').locator('.authorization__btn').count()).toBe(0);
    expect(await world.page.getByRole('button', { name: 'Authorize', exact: true }).isVisible()).toBe(true);
    await screenshot(world.page, 'swagger-ui', { fullPage: false });
  });

  it('Try it out on GET /auth/me: 401 before Authorize, 200 with the caller after pasting a real token', async () => {
    await openDocs();
    const me = operation('get', '/auth/me');
    await me.locator('.opblock-summary').click();
    await me.getByRole('button', { name: 'Try it out' }).click();

    /** Presses Execute; answers what the page then shows once the request it sent has been answered. */
    const execute = async () => {
      const [sent] = await Promise.all([
        world.page.waitForResponse((response) => new URL(response.url()).pathname === '/auth/me'),
        me.getByRole('button', { name: 'Execute' }).click(),
      ]);
      const status = me.locator('.live-responses-table .response .response-col_status');
      await status.filter({ hasText: String(sent.status()) }).waitFor();
      return {
        status: (await status.innerText()).trim(),
        body: await me.locator('.live-responses-table .response .response-col_description').innerText(),
      };
    };

    const anonymous = await execute();
    expect(anonymous.status).toBe('401');
    expect(anonymous.body).toContain('"statusCode": 401');

    // Authorize: the dialog Swagger UI opens for the `bearer` scheme, with the token from /auth/login.
    await world.page.getByRole('button', { name: 'Authorize', exact: true }).click();
    const dialog = world.page.locator('.dialog-ux .modal-ux');
    await dialog.waitFor();
    // (Swagger UI labels its dialog buttons for screen readers: "Apply credentials" reads "Authorize".)
    await dialog.getByLabel('auth-bearer-value').fill(world.customer.token);
    await dialog.getByRole('button', { name: 'Apply credentials' }).click();
    await dialog.getByRole('button', { name: 'Remove authorization' }).waitFor();
    await screenshot(world.page, 'swagger-authorize-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    const authorized = await execute();
    expect(authorized.status).toBe('200');
    expect(authorized.body).toContain(`"email": "${world.customer.email}"`);
    expect(authorized.body).toContain('"role": "customer"');
    // The request Swagger UI shows (and sent) carries the bearer token.
    expect(await me.locator('.curl-command').innerText()).toContain(`Authorization: Bearer ${world.customer.token}`);
    await screenshot(me, 'swagger-try-it-out');
  });
});
