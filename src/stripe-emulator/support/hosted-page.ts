/** Merchant-supplied text (product names, ids) goes into the pages: everything shown is escaped. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** What tells the two providers' hosted pages apart: their name, banner and colours. */
export interface PageBrand {
  /** After the title in the tab, e.g. "local Stripe emulator". */
  name: string;
  banner: string;
  /** Rules for `body`, the buttons and the notices, on top of the shared layout. */
  css: string;
}

/** The shell every hosted page of the emulator shares (Stripe's checkout, PayPal's approval). */
export function hostedPage(brand: PageBrand, title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(title)} · ${escapeHtml(brand.name)}</title>
    <style>
      body { font-family: system-ui, sans-serif; margin: 0; }
      main { max-width: 32rem; margin: 3rem auto; background: #fff; border-radius: 8px; padding: 2rem;
             box-shadow: 0 2px 8px rgba(0,0,0,.08); }
      .banner { background: #ffde92; color: #5d4200; font-size: .8rem; text-align: center; padding: .35rem; }
      table { width: 100%; border-collapse: collapse; margin: 1rem 0; }
      td, th { padding: .5rem 0; border-bottom: 1px solid #e3e8ee; text-align: left; }
      .amount { text-align: right; white-space: nowrap; }
      tfoot th, tfoot td { font-weight: 600; border-bottom: 0; }
      form { display: grid; gap: .6rem; }
      button { font: inherit; padding: .7rem; cursor: pointer; }
      .link { background: none; border: 0; text-decoration: underline; }
${brand.css}
    </style>
  </head>
  <body>
    <div class="banner">${escapeHtml(brand.banner)}</div>
    <main>
      ${body}
    </main>
  </body>
</html>
`;
}
