import { MAXIMUM_CHARGE } from '../src/common/money';
import { countRows, createProduct, createUser, TestUser } from './support/factories';
import { createTestApp, TestApp } from './support/test-app';

/** The largest order total one payment can take, at its exact bound. */
describe('Order totals at the limit (e2e)', () => {
  let t: TestApp;
  let customer: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    customer = await createUser(t);
  });
  afterAll(() => t.close());

  it('should accept a total of exactly the largest charge, 999999.99 USD', async () => {
    const product = await createProduct(t, { unitAmount: MAXIMUM_CHARGE });
    const { body } = await t
      .http()
      .post('/orders')
      .set(customer.auth)
      .send({ items: [{ productId: product.id, quantity: 1 }] })
      .expect(201);
    expect(body).toMatchObject({ status: 'pending', totalAmount: MAXIMUM_CHARGE });
    const [row] = await t.dataSource.query('SELECT total_amount FROM orders WHERE id = $1', [body.id]);
    expect(row.total_amount).toBe(MAXIMUM_CHARGE);
  });

  it('should refuse one cent more with 422 ORDER_TOTAL_OUT_OF_RANGE naming both amounts, and write nothing', async () => {
    const big = await createProduct(t, { unitAmount: MAXIMUM_CHARGE });
    const cent = await createProduct(t, { unitAmount: 1 });
    const before = await countRows(t, 'orders');
    const { body } = await t
      .http()
      .post('/orders')
      .set(customer.auth)
      .send({
        items: [
          { productId: big.id, quantity: 1 },
          { productId: cent.id, quantity: 1 },
        ],
      })
      .expect(422);
    expect(body).toMatchObject({
      code: 'ORDER_TOTAL_OUT_OF_RANGE',
      message:
        'The order total 1000000.00 USD is above the largest amount one payment can take (999999.99 USD); ' +
        'split it into several orders',
    });
    expect(await countRows(t, 'orders')).toBe(before);
  });

  describe('in the shop’s configured currency', () => {
    let euroShop: TestApp;
    let buyer: TestUser;

    beforeAll(async () => {
      euroShop = await createTestApp({ CURRENCY: 'eur' });
      buyer = await createUser(euroShop);
    });
    afterAll(() => euroShop.close());

    it('should price orders and name their limit in that currency', async () => {
      const product = await createProduct(euroShop, { unitAmount: 1250 });
      const { body } = await euroShop
        .http()
        .post('/orders')
        .set(buyer.auth)
        .send({ items: [{ productId: product.id, quantity: 2 }] })
        .expect(201);
      expect(body).toMatchObject({ totalAmount: 2500, currency: 'eur' });
      const [row] = await euroShop.dataSource.query('SELECT currency FROM orders WHERE id = $1', [body.id]);
      expect(row.currency).toBe('eur');

      const big = await createProduct(euroShop, { unitAmount: MAXIMUM_CHARGE });
      const refused = await euroShop
        .http()
        .post('/orders')
        .set(buyer.auth)
        .send({ items: [{ productId: big.id, quantity: 2 }] })
        .expect(422);
      expect(refused.body.message).toBe(
        'The order total 1999999.98 EUR is above the largest amount one payment can take (999999.99 EUR); ' +
          'split it into several orders',
      );
    });
  });
});
