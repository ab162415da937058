import {
  ACTIVE_PAYMENT_STATUSES,
  canTransitionPayment,
  PAYMENT_STATUSES,
  PAYMENT_TRANSITIONS,
  PaymentStatus,
} from './payment-status';

/** The table written out by hand, so a change to the state machine has to change this test too. */
const ALLOWED: ReadonlyArray<[PaymentStatus, PaymentStatus]> = [
  ['creating', 'open'],
  ['creating', 'failed'],
  ['creating', 'succeeded'],
  ['open', 'succeeded'],
  ['open', 'processing'],
  ['open', 'expired'],
  ['open', 'canceled'],
  ['open', 'failed'],
  ['processing', 'succeeded'],
  ['processing', 'failed'],
  ['expired', 'succeeded'],
  ['canceled', 'succeeded'],
  ['failed', 'succeeded'],
];
const isAllowed = (from: PaymentStatus, to: PaymentStatus) => ALLOWED.some(([f, t]) => f === from && t === to);
const ALL_PAIRS = PAYMENT_STATUSES.flatMap((from) =>
  PAYMENT_STATUSES.map((to) => [from, to] as [PaymentStatus, PaymentStatus]),
);
const REFUSED = ALL_PAIRS.filter(([from, to]) => !isAllowed(from, to));

describe('payment status', () => {
  it('should know exactly the seven payment statuses', () => {
    const expected = ['canceled', 'creating', 'expired', 'failed', 'open', 'processing', 'succeeded'];
    expect([...PAYMENT_STATUSES].sort()).toEqual(expected);
    expect(Object.keys(PAYMENT_TRANSITIONS).sort()).toEqual(expected);
    expect(ALL_PAIRS).toHaveLength(49);
    expect(REFUSED).toHaveLength(49 - 13);
  });

  it('should list only known statuses as targets', () => {
    for (const targets of Object.values(PAYMENT_TRANSITIONS)) {
      for (const target of targets) expect(PAYMENT_STATUSES).toContain(target);
    }
  });

  it('should have a terminal succeeded state, and let only Stripe’s word that money moved leave failed', () => {
    expect(PAYMENT_TRANSITIONS.succeeded).toEqual([]);
    expect(PAYMENT_TRANSITIONS.failed).toEqual(['succeeded']);
  });

  it('should never move an attempt back to creating or open', () => {
    for (const from of PAYMENT_STATUSES) {
      expect(canTransitionPayment(from, 'creating')).toBe(false);
      if (from !== 'creating') expect(canTransitionPayment(from, 'open')).toBe(false);
    }
  });

  describe.each(ALLOWED)('%s -> %s', (from, to) => {
    it('should be allowed', () => {
      expect(canTransitionPayment(from, to)).toBe(true);
    });
  });

  describe.each(REFUSED)('%s -> %s', (from, to) => {
    it('should be refused', () => {
      expect(canTransitionPayment(from, to)).toBe(false);
    });
  });

  describe('ACTIVE_PAYMENT_STATUSES', () => {
    it('should be exactly creating, open and processing', () => {
      expect([...ACTIVE_PAYMENT_STATUSES].sort()).toEqual(['creating', 'open', 'processing']);
    });

    it('should leave every terminal or retired status inactive', () => {
      const inactive = PAYMENT_STATUSES.filter((status) => !ACTIVE_PAYMENT_STATUSES.includes(status));
      expect(inactive.sort()).toEqual(['canceled', 'expired', 'failed', 'succeeded']);
    });

    it('should contain only statuses that can still change', () => {
      for (const status of ACTIVE_PAYMENT_STATUSES) expect(PAYMENT_TRANSITIONS[status].length).toBeGreaterThan(0);
    });
  });
});
