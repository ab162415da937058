/**
 * The return pages' stylesheet and script, served as same-origin files: helmet's CSP
 * (`script-src 'self'`) refuses inline scripts, and a file keeps working if styles get stricter.
 *
 * The look is the local checkout page's (src/stripe-emulator/checkout-page/checkout-page.html.ts):
 * its colours, card and button rules are copied here on purpose, because production code never
 * imports the emulator. Change both together.
 */
export const RETURN_PAGE_CSS = `
body { font-family: system-ui, sans-serif; background: #f6f9fc; color: #1a1f36; margin: 0; line-height: 1.45; }
main { max-width: 32rem; margin: 3rem auto; background: #fff; border-radius: 8px; padding: 2rem;
       box-shadow: 0 2px 8px rgba(0,0,0,.08); }
h1 { font-size: 1.5rem; margin: .75rem 0 .5rem; }
table { width: 100%; border-collapse: collapse; margin: 1rem 0; }
td, th { padding: .5rem 0; border-bottom: 1px solid #e3e8ee; text-align: left; font-weight: normal; }
.amount { text-align: right; white-space: nowrap; }
tfoot th, tfoot td { font-weight: 600; border-bottom: 0; }
.actions { display: grid; gap: .6rem; margin-top: 1.25rem; }
.button { display: block; font: inherit; text-align: center; text-decoration: none; padding: .8rem;
          border-radius: 6px; border: 1px solid #635bff; }
.primary { background: #635bff; color: #fff; }
.secondary { background: #fff; color: #635bff; }
.muted, .checking { color: #697386; font-size: .875rem; }
.order-id { color: #8792a2; font-size: .75rem; word-break: break-all; }

/* The state badge: a tick when paid, a turning ring while waiting, a cross when it ended otherwise. */
.badge { width: 3rem; height: 3rem; border-radius: 50%; display: grid; place-items: center;
         font-size: 1.5rem; font-weight: 700; color: #fff; background: #8792a2; }
.badge::before { content: "!"; }
[data-state="paid"] .badge, [data-state="partially_paid"] .badge { background: #1ea672; }
[data-state="paid"] .badge::before, [data-state="partially_paid"] .badge::before { content: "\\2713"; }
[data-state="confirming"] .badge, [data-state="processing"] .badge {
  background: none; border: 4px solid #e3e8ee; border-top-color: #635bff; box-sizing: border-box;
  animation: turn 1s linear infinite; }
[data-state="confirming"] .badge::before, [data-state="processing"] .badge::before { content: none; }
[data-state="failed"] .badge { background: #df1b41; }
[data-state="failed"] .badge::before, [data-state="expired"] .badge::before,
[data-state="canceled"] .badge::before { content: "\\2715"; }
[data-state="refunded"] .badge::before { content: "\\21A9"; }
@keyframes turn { to { transform: rotate(360deg); } }
@media (prefers-reduced-motion: reduce) { .badge { animation: none !important; } }

/* One action per situation: "try again" where the payment did not happen, "back" otherwise. */
.retry-action { display: none; }
[data-state="failed"] .retry-action, [data-state="expired"] .retry-action { display: block; }
[data-state="failed"] .back-action, [data-state="expired"] .back-action { display: none; }
[data-final="true"] .checking { display: none; }

/* Phones: the card becomes the page, edge to edge, with room for thumbs. */
@media (max-width: 36rem) {
  main { margin: 0; min-height: 100vh; box-sizing: border-box; border-radius: 0; box-shadow: none; padding: 1.5rem 1.25rem; }
}
`;

/**
 * Polls the public status route while the page shows a waiting state: every 2 s at first, then
 * 1.5 times longer each time up to 15 s, only while the tab is visible, for 10 minutes at most;
 * it stops as soon as the answer is final. It only sets text and two data attributes (CSS does
 * the rest), so the wording stays in one place: the server.
 */
export const RETURN_PAGE_SCRIPT = `'use strict';
(() => {
  const main = document.querySelector('main[data-status-url]');
  if (!main || main.dataset.final === 'true') return;
  const url = main.dataset.statusUrl;
  const field = (name) => main.querySelector('[data-field="' + name + '"]');
  const FIRST_DELAY_MS = 2000;
  const MAX_DELAY_MS = 15000;
  const GIVE_UP_AFTER_MS = 10 * 60 * 1000;
  const startedAt = Date.now();
  let delay = FIRST_DELAY_MS;
  field('checking').hidden = false;

  const show = (status) => {
    main.dataset.state = status.state;
    main.dataset.final = String(status.final);
    field('title').textContent = status.title;
    field('message').textContent = status.message;
    document.title = status.title;
  };
  const stop = (text) => {
    field('checking').textContent = text;
  };
  const whenVisible = (run) => {
    if (!document.hidden) return run();
    const onChange = () => {
      if (document.hidden) return;
      document.removeEventListener('visibilitychange', onChange);
      run();
    };
    document.addEventListener('visibilitychange', onChange);
  };
  const retryAfterMs = (response) => {
    const seconds = Number(response.headers.get('Retry-After'));
    return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
  };

  const poll = async () => {
    let wait = 0;
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store', credentials: 'omit' });
      if (response.ok) {
        const status = await response.json();
        show(status);
        if (status.final) return;
      } else if (response.status === 404 || response.status === 400) {
        return stop('This payment can no longer be checked here. Its status is in the shop.');
      } else {
        wait = retryAfterMs(response);
      }
    } catch {
      // Offline for a moment: the next turn tries again.
    }
    if (Date.now() - startedAt > GIVE_UP_AFTER_MS) return stop('Still waiting. Reload this page to check again.');
    delay = Math.min(delay * 1.5, MAX_DELAY_MS);
    setTimeout(() => whenVisible(poll), Math.max(delay, wait));
  };
  setTimeout(() => whenVisible(poll), FIRST_DELAY_MS);
})();
`;
