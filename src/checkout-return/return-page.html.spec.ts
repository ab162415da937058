import { RETURN_PAGE_SCRIPT } from './return-page.assets';
import { escapeHtml, formatMoney, renderCancelPage, renderSuccessPage } from './return-page.html';

describe('return pages', () => {
  it('should format integer minor units in each kind of currency', () => {
    expect(formatMoney(3448, 'usd')).toBe('$34.48');
    expect(formatMoney(5, 'usd')).toBe('$0.05');
    expect(formatMoney(99_999_999, 'eur')).toBe('€999,999.99');
    expect(formatMoney(1500, 'jpy')).toBe('¥1,500');
    expect(formatMoney(1230, 'kwd')).toMatch(/^KWD\s1\.230$/);
  });

  it('should escape what it shows', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });

  it('should load the polling script only while there is something to wait for', () => {
    const page = (final: boolean) =>
      renderSuccessPage({
        status: {
          state: final ? 'paid' : 'confirming',
          final,
          title: 't',
          message: 'm',
          orderStatus: final ? 'paid' : 'pending',
          amount: 100,
          currency: 'usd',
        },
        orderId: '3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f',
        statusUrl: '../checkout-sessions/cs_test_a1/status?orderId=3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f',
        shopUrl: 'https://shop.example.com/',
      });
    expect(page(false)).toContain('<script src="assets/return-page.js" defer></script>');
    expect(page(false)).toContain('data-status-url="../checkout-sessions/cs_test_a1/status?orderId=');
    expect(page(true)).not.toContain('<script');
    expect(page(true)).not.toContain('data-status-url');
  });

  it('should offer the way back to the shop after a cancel', () => {
    expect(renderCancelPage('https://shop.example.com/')).toContain(
      'href="https://shop.example.com/">Back to the shop</a>',
    );
  });

  it('should serve a script that parses', () => {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- compiles our browser script without running it
    expect(() => new Function(RETURN_PAGE_SCRIPT)).not.toThrow();
  });
});
