import { randomUUID } from 'node:crypto';
import { CustomError } from '@paypal/paypal-server-sdk';
import { PayPalHarness, startPayPalHarness } from './testing/paypal-harness';

describe('PayPal stand-in: refunds on captures through the official SDK', () => {
  let h: PayPalHarness;

  beforeEach(async () => {
    h = await startPayPalHarness();
  });
  afterEach(() => h.close());

  /** An order approved with the given button and captured: returns the capture id. */
  async function capturedOrder(button = 'approve'): Promise<string> {
    const { id, approveUrl } = await h.createOrder();
    await h.pressButton(approveUrl, button);
    const { result } = await h.orders.captureOrder({ id });
    return result.purchaseUnits![0].payments!.captures![0].id!;
  }

  async function refundError(captureId: string, value?: string, currencyCode = 'USD') {
    const outcome = await h.payments
      .refundCapturedPayment({ captureId, body: value ? { amount: { currencyCode, value } } : {} })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(outcome).toBeInstanceOf(CustomError);
    return outcome as CustomError;
  }

  it('should refund the whole capture when no amount is given', async () => {
    const captureId = await capturedOrder();

    const { result, statusCode } = await h.payments.refundCapturedPayment({ captureId, paypalRequestId: randomUUID() });

    expect(statusCode).toBe(201);
    expect(result.id).toMatch(/^[0-9A-Z]{17}$/);
    expect(result.status).toBe('COMPLETED');
    expect(result.amount).toEqual({ currencyCode: 'USD', value: '34.99' });
    expect(result.sellerPayableBreakdown?.totalRefundedAmount?.value).toBe('34.99');
    expect((await h.payments.getCapturedPayment({ captureId })).result.status).toBe('REFUNDED');
    const got = await h.payments.getRefund({ refundId: result.id! });
    expect(got.result).toMatchObject({ id: result.id, status: 'COMPLETED', amount: { value: '34.99' } });
  });

  it('should take partial refunds until the capture is used up', async () => {
    const captureId = await capturedOrder();

    const first = await h.payments.refundCapturedPayment({
      captureId,
      body: { amount: { currencyCode: 'USD', value: '10.00' }, noteToPayer: 'One T-shirt back', invoiceId: 'r-1' },
    });
    expect((await h.payments.getCapturedPayment({ captureId })).result.status).toBe('PARTIALLY_REFUNDED');
    const rest = await h.payments.refundCapturedPayment({ captureId });

    expect(first.result).toMatchObject({ noteToPayer: 'One T-shirt back', invoiceId: 'r-1' });
    expect(rest.result.amount?.value).toBe('24.99');
    expect(rest.result.sellerPayableBreakdown?.totalRefundedAmount?.value).toBe('34.99');
    expect((await refundError(captureId)).result?.details?.[0].issue).toBe('CAPTURE_FULLY_REFUNDED');
  });

  it('should refuse more than what is left with 422 REFUND_AMOUNT_EXCEEDED', async () => {
    const captureId = await capturedOrder();
    await h.payments.refundCapturedPayment({ captureId, body: { amount: { currencyCode: 'USD', value: '30.00' } } });

    const error = await refundError(captureId, '5.00');

    expect(error.statusCode).toBe(422);
    expect(error.result).toMatchObject({
      name: 'UNPROCESSABLE_ENTITY',
      debug_id: expect.any(String),
      details: [
        {
          issue: 'REFUND_AMOUNT_EXCEEDED',
          description:
            'The refund amount must be less than or equal to the capture amount that has not yet been refunded.',
        },
      ],
    });
    expect(
      (await h.payments.refundCapturedPayment({ captureId, body: { amount: { currencyCode: 'USD', value: '4.99' } } }))
        .result.status,
    ).toBe('COMPLETED');
  });

  it('should refuse zero, another currency, and a capture that is not completed', async () => {
    const captureId = await capturedOrder();
    const pendingId = await capturedOrder('approve_pending');
    const declinedId = await capturedOrder('approve_denied');

    expect((await refundError(captureId, '0.00')).result?.details?.[0].issue).toBe('CANNOT_BE_ZERO_OR_NEGATIVE');
    expect((await refundError(captureId, '1.00', 'EUR')).result?.details?.[0].issue).toBe(
      'REFUND_CAPTURE_CURRENCY_MISMATCH',
    );
    expect((await refundError(pendingId)).result?.details?.[0].issue).toBe('REFUND_NOT_ALLOWED');
    expect((await refundError(declinedId)).result?.details?.[0].issue).toBe('REFUND_NOT_ALLOWED');
  });

  it('should refund once for a repeated PayPal-Request-Id', async () => {
    const captureId = await capturedOrder();
    const requestId = randomUUID();
    const body = { amount: { currencyCode: 'USD', value: '5.00' } };

    const first = await h.payments.refundCapturedPayment({ captureId, body, paypalRequestId: requestId });
    const again = await h.payments.refundCapturedPayment({ captureId, body, paypalRequestId: requestId });
    const other = await h.payments.refundCapturedPayment({ captureId, body, paypalRequestId: randomUUID() });

    expect(again.result.id).toBe(first.result.id);
    expect(other.result.id).not.toBe(first.result.id);
    expect(other.result.sellerPayableBreakdown?.totalRefundedAmount?.value).toBe('10.00');
  });

  it('should answer 404 for an unknown capture or refund', async () => {
    const unknownCapture = await refundError('NOSUCHCAPTURE0000');
    const unknownRefund = await h.payments.getRefund({ refundId: 'NOSUCHREFUND00000' }).then(
      () => undefined,
      (error: unknown) => error as CustomError,
    );

    expect(unknownCapture.statusCode).toBe(404);
    expect(unknownRefund?.statusCode).toBe(404);
    expect(unknownRefund?.result?.name).toBe('RESOURCE_NOT_FOUND');
  });
});
