/**
 * The pages of the checkout flow that Tollgate serves itself: the TEST MODE checkout page (a
 * plainly marked stand-in for Stripe Checkout when no Stripe keys are configured; "Pay" posts
 * to the server, which signs the checkout's events and sends them through the Stripe webhook
 * route, then the customer goes back to the success URL), and the default landing page for
 * callers that give no success or cancel URL.
 */
import type { TestCheckoutSummary } from './test-checkouts.ts';

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function formatDollars(cents: number): string {
  return `$${(cents / 100).toFixed(cents % 100 === 0 ? 0 : 2)}`;
}

export interface CheckoutPageLinks {
  /** Where "Pay" posts the secret the page's URL carries after `#`. */
  readonly payUrl: string;
  /** Where "Cancel" goes. */
  readonly cancelUrl: string;
  /** Already paid: the page says so and links on, instead of a second Pay button. */
  readonly paid: boolean;
  readonly successUrl: string;
}

/** The test checkout page. */
export function renderCheckoutPage(summary: TestCheckoutSummary, links: CheckoutPageLinks): string {
  const { payUrl, cancelUrl } = links;
  const what = summary.recurring
    ? `${summary.credits.toLocaleString('en-US')} credits every month`
    : `${summary.credits.toLocaleString('en-US')} credits`;
  const price = `${formatDollars(summary.priceCents)}${summary.recurring ? ' / month' : ''}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Test checkout — ${escapeHtml(summary.name)}</title>
<style>
body{margin:0;font-family:system-ui,sans-serif;background:#f3f4f6;color:#111827}
main{max-width:440px;margin:48px auto;padding:24px;background:#fff;border:1px solid #d1d5db;border-radius:12px}
.banner{padding:10px 12px;border:2px dashed #92400e;background:#fffbeb;color:#92400e;border-radius:8px;font-size:.9rem}
h1{font-size:1.3rem;margin:16px 0 4px} .price{font-size:2rem;font-weight:700;margin:8px 0 16px}
button,a.button{font:inherit;font-weight:600;display:inline-block;padding:10px 18px;border-radius:8px;border:1px solid #4338ca;cursor:pointer;text-decoration:none}
button{background:#4338ca;color:#fff} a.button{background:#fff;color:#4338ca;margin-left:8px}
:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px} #error{color:#b91c1c}
</style></head>
<body><main>
<p class="banner" role="note">${escapeHtml(summary.notice).replace('TEST MODE:', '<strong>TEST MODE:</strong>')}</p>
<h1>${escapeHtml(summary.name)}</h1>
<p>${escapeHtml(what)}</p>
<p class="price">${escapeHtml(price)}</p>
${
  links.paid
    ? `<p role="status"><strong>Already paid.</strong> The credits were granted once; paying again would not add more.</p><a class="button" href="${escapeHtml(links.successUrl)}">Continue</a>`
    : `<button type="button" id="pay">Pay ${escapeHtml(price)} (test)</button><a class="button" href="${escapeHtml(cancelUrl)}">Cancel</a>`
}
<p id="error" role="alert"></p>
</main>
<script>
document.getElementById('pay')?.addEventListener('click', async (event) => {
  const button = event.currentTarget;
  button.disabled = true;
  button.textContent = 'Processing…';
  const secret = decodeURIComponent(window.location.hash.slice(1));
  const response = await fetch(${JSON.stringify(payUrl)}, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ secret }) });
  const json = await response.json().catch(() => ({}));
  if (response.ok && json.redirect) { window.location.assign(json.redirect); return; }
  document.getElementById('error').textContent = (json.error && json.error.message) || 'The payment failed.';
  button.disabled = false;
  button.textContent = 'Try again';
});
</script>
</body></html>`;
}

/** The default success and cancel page: what happened, and that credits come with the webhook. */
export function renderCheckoutReturnPage(outcome: 'success' | 'cancelled' | 'portal'): string {
  const message =
    outcome === 'success'
      ? 'Payment received. Your credits are added as soon as the payment is confirmed, usually within seconds.'
      : outcome === 'cancelled'
        ? 'Checkout cancelled. Nothing was charged.'
        : 'Your billing changes are saved.';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(outcome === 'cancelled' ? 'Checkout cancelled' : 'Thank you')}</title>
<style>body{margin:0;font-family:system-ui,sans-serif;background:#f3f4f6;color:#111827}
main{max-width:440px;margin:48px auto;padding:24px;background:#fff;border:1px solid #d1d5db;border-radius:12px}</style>
</head><body><main><p role="status">${escapeHtml(message)}</p><p>You can close this tab and go back to the app.</p></main></body></html>`;
}
