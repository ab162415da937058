'use strict';
/** What the bench does as a customer and as the app's /pay does at Stripe: set-up and sessions. */
const { randomBytes, randomUUID } = require('node:crypto');
const { request, json } = require('./http');

const PASSWORD = 'correct horse battery 42';

/** A customer of its own (register, login) and the catalog to order from. */
async function setUp(base) {
  const email = `bench-${randomBytes(5).toString('hex')}@example.test`;
  const credentials = JSON.stringify({ email, password: PASSWORD });
  const headers = { 'content-type': 'application/json' };
  json(
    await request(`${base}/auth/register`, { method: 'POST', headers, body: credentials }),
    201,
    'POST /auth/register',
  );
  const { accessToken } = json(
    await request(`${base}/auth/login`, { method: 'POST', headers, body: credentials }),
    200,
    'POST /auth/login',
  );
  const { data: products } = json(await request(`${base}/products?pageSize=100`), 200, 'GET /products');
  if (products.length === 0)
    throw new Error('GET /products is empty: the bench orders existing products (demo data on an empty database)');
  return { auth: { authorization: `Bearer ${accessToken}` }, products };
}

/** The Checkout Session /pay asks Stripe for (the same fields as the app's Stripe provider sends). */
function createSession(stripe, order) {
  const paymentId = randomUUID();
  const metadata = { orderId: order.id, paymentId, amount: String(order.totalAmount) };
  return stripe.checkout.sessions.create(
    {
      mode: 'payment',
      currency: order.currency,
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: order.currency,
            unit_amount: order.totalAmount,
            product_data: { name: 'Bench item' },
          },
        },
      ],
      client_reference_id: order.id,
      metadata,
      payment_intent_data: { metadata },
      customer_email: 'bench@example.test',
      success_url: 'http://127.0.0.1/checkout/success?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'http://127.0.0.1/checkout/cancel',
      expires_at: Math.floor(Date.now() / 1000) + 30 * 60,
    },
    { idempotencyKey: paymentId },
  );
}

module.exports = { setUp, createSession };
