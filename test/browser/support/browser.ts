import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Locator, Page } from 'playwright-core';

/** Debian's Chromium: no browser download, ever (playwright-core only drives it). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Playwright's own waits (clicks, navigations, expectations on the page). */
export const BROWSER_TIMEOUT_MS = 10_000;

/**
 * A missing Chromium is a failure, never a skip: a browser suite that silently runs nothing would
 * look green. Call it first, before starting anything slow.
 */
export function assertChromiumInstalled(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: the browser tests need it. ` +
        'Install it with `apt-get update && apt-get install -y chromium` (as root), then run `npm run test:browser` again.',
    );
  }
}

/**
 * Starts headless Chromium.
 *
 * Name resolution is pinned: each `mapHosts` entry (`shop.example.test` -> `127.0.0.1:4567`) is
 * served by that local address and every other host name fails to resolve, so no page can reach
 * the internet even through a redirect (Playwright's `route` never sees the request a redirect
 * leads to). IP literals such as the app's `127.0.0.1:port` are unaffected.
 *
 * `launch()` gives every browser a fresh, throwaway user-data-dir of its own (Playwright creates it
 * under the OS temp dir and deletes it on close; it refuses `--user-data-dir` in `args`), and
 * each test gets its own context, so no cookie or localStorage outlives a test.
 */
export async function launchChromium({ mapHosts = {} }: { mapHosts?: Record<string, string> } = {}): Promise<Browser> {
  assertChromiumInstalled();
  const rules = [
    ...Object.entries(mapHosts).map(([host, target]) => `MAP ${host} ${target}`),
    'MAP * ~NOTFOUND',
    'EXCLUDE 127.0.0.1',
  ].join(', ');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, `--host-resolver-rules=${rules}`],
    timeout: 30_000,
  });
}

/**
 * A phone as Chromium emulates one (an iPhone 14's 390 × 844 CSS pixels): with `isMobile`, a page
 * without a viewport meta tag is laid out 980 px wide and shrunk, as on a real phone.
 */
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
} as const;

/**
 * A fresh context whose pages may only reach the given origins. Any other request (a CDN, fonts,
 * telemetry, a redirect to an unknown host) is refused and recorded in `blocked`, so a page that
 * needs the network fails here instead of passing on a developer's machine and failing in CI.
 */
export async function newIsolatedContext(
  browser: Browser,
  allowedOrigins: string[],
  { device = 'desktop' }: { device?: 'desktop' | 'phone' } = {},
): Promise<{ context: BrowserContext; page: Page; blocked: string[] }> {
  const context = await browser.newContext(device === 'phone' ? PHONE : { viewport: { width: 1100, height: 900 } });
  context.setDefaultTimeout(BROWSER_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(BROWSER_TIMEOUT_MS);
  const blocked: string[] = [];
  const allowed = (url: string) =>
    url.startsWith('data:') ||
    url.startsWith('blob:') ||
    allowedOrigins.some((origin) => url === origin || url.startsWith(`${origin}/`));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (allowed(url)) return route.fallback();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  // What `route` cannot see (the target of a redirect) ends here: refused by the resolver rules.
  context.on('requestfailed', (request) => {
    if (request.failure()?.errorText === 'net::ERR_NAME_NOT_RESOLVED') blocked.push(request.url());
  });
  const page = await context.newPage();
  return { context, page, blocked };
}

/**
 * Screenshots go to a temp dir, never into the repository: `BROWSER_SCREENSHOT_DIR` or
 * `$TMPDIR/orderpay-browser-screenshots`.
 */
export function screenshotDir(): string {
  const dir = process.env.BROWSER_SCREENSHOT_DIR ?? join(tmpdir(), 'orderpay-browser-screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A PNG of the page (`fullPage`, the default) or of one element; answers the file's path. */
export async function screenshot(target: Page | Locator, name: string, { fullPage = true } = {}): Promise<string> {
  const path = join(screenshotDir(), `${name}.png`);
  if ('goto' in target) await target.screenshot({ path, fullPage });
  else await target.screenshot({ path });
  return path;
}
