/**
 * generated from docs/openapi.json by npm run openapi; do not edit
 */

export interface paths {
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up (no dependency checked): restart it when this fails */
        get: operations["checkLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ready to serve: the database answers within 800 ms (send no traffic while this fails) */
        get: operations["checkReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a customer account */
        post: operations["register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Exchange email and password for a bearer token */
        post: operations["logIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller */
        get: operations["getCurrentUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Active products, by name */
        get: operations["listProducts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/products/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One active product */
        get: operations["getProduct"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** All products, including inactive ones */
        get: operations["listAllProducts"];
        put?: never;
        /** Create a product */
        post: operations["createProduct"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/products/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Update a product; `{"active": false}` deactivates it */
        patch: operations["updateProduct"];
        trace?: never;
    };
    "/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's orders, newest first */
        get: operations["listOrders"];
        put?: never;
        /**
         * Place an order
         * @description Only product ids and quantities are accepted: names, unit prices and the total are taken from the catalog. A product listed twice is refused (raise its quantity instead).
         */
        post: operations["createOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One of the caller’s orders */
        get: operations["getOrder"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{id}/pay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open (or reuse) a checkout (Stripe or PayPal) for the order’s balance, or a part of it
         * @description Without `amount`, the session is for the balance (`amountDue`); with `amount`, for that part (a deposit, then the balance later). Amounts and currency come from the order in the database, and are checked before the provider is called. Answers 201 with a new session, or 200 with the order’s open one for the same amount (concurrent calls share one session; another amount replaces it). Redirect the customer to `checkoutUrl`; the order becomes `partially_paid` or `paid` only when the provider’s signed webhook arrives.
         */
        post: operations["payOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{id}/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The order’s payment attempts, oldest first */
        get: operations["listOrderPayments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/orders/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Cancel an order nothing was paid for yet (its open checkout is expired at the provider first) */
        post: operations["cancelOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/stripe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stripe events (called by Stripe, not by clients)
         * @description The signature is verified on the raw body before anything else. Each event is handled once, whatever the number and order of deliveries.
         */
        post: operations["receiveStripeEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/paypal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * PayPal events (called by PayPal, not by clients)
         * @description Each delivery is verified with PayPal (verify-webhook-signature, against PAYPAL_WEBHOOK_ID) before anything in it is used. Each event is handled once, whatever the number and order of deliveries.
         */
        post: operations["receivePayPalEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Find orders
         * @description Any customer’s orders, newest first. `flagged=true` lists those needing review (amount mismatch, late payment, dispute).
         */
        get: operations["findOrders"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One order’s whole history: items, attempts, refunds, flags, audit trail, webhook events */
        get: operations["getOrderHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/orders/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel an order not paid in full, refunding what was paid
         * @description Its open checkout is expired at the provider first. A partly paid order’s payments are refunded in full (refund reason `order_canceled`, requested by this admin); the refunds settle through the provider’s webhooks and raise the order’s `amountRefunded`.
         */
        post: operations["cancelOrderAsAdmin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/orders/{id}/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Refund an order’s payments, in full or in part
         * @description For a paid or partly paid order, or a canceled one still holding money (a refund of its cancel was refused). Without `amount`, refunds everything paid and not yet refunded. The amount is split over the order’s payments, newest first: one provider refund per payment, each with its own idempotency key. Answers 202 with them `pending`: the provider settles each and its webhook updates the order (`refunded` once refunds reach what was paid).
         */
        post: operations["refundOrder"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/webhook-events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The webhook inbox, newest first; `status=failed` shows what needs a replay */
        get: operations["listWebhookEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/webhook-events/{id}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run a failed event again (it was verified when it arrived) */
        post: operations["replayWebhookEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/admin/reconciliation/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run the reconciler now
         * @description Reads every open or processing checkout (however recent) and every unsettled refund back from the provider, submits refunds it never acknowledged, and applies what a missed webhook would have. Safe beside the timed runs of every instance: rows are claimed one by one. `changes` lists the attempts that moved; `more: true` when it stopped at its bound (5,000 attempts): run it again.
         */
        post: operations["runReconciler"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/checkout-sessions/{sessionId}/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the success page shows: the order’s payment status, without a login
         * @description For the page Checkout returns the customer to (`success_url` carries `session_id` and `orderId`). The Checkout Session id is the credential: no token needed, and the answer holds nothing about the customer. Poll it while `final` is false (every few seconds, backing off). Unknown ids, or a session of another order, answer 404.
         */
        get: operations["getCheckoutStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Liveness: {
            /**
             * @example ok
             * @enum {string}
             */
            status: "ok";
        };
        ReadinessChecks: {
            /**
             * @example up
             * @enum {string}
             */
            database: "up";
        };
        Readiness: {
            /**
             * @example ok
             * @enum {string}
             */
            status: "ok";
            checks: components["schemas"]["ReadinessChecks"];
        };
        /**
         * @description Stable machine code; the route’s responses list which it can answer
         * @enum {string}
         */
        ErrorCode: "VALIDATION_FAILED" | "MALFORMED_JSON" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "ROUTE_NOT_FOUND" | "UNAUTHENTICATED" | "INVALID_CREDENTIALS" | "FORBIDDEN" | "RATE_LIMITED" | "EMAIL_TAKEN" | "PRODUCT_NOT_FOUND" | "PRODUCT_UNAVAILABLE" | "SKU_TAKEN" | "ORDER_NOT_FOUND" | "CHECKOUT_SESSION_NOT_FOUND" | "ORDER_TOTAL_OUT_OF_RANGE" | "ORDER_NOT_CANCELABLE" | "ORDER_NOT_PAYABLE" | "ORDER_HAS_PAYMENTS" | "PAYMENT_AMOUNT_OUT_OF_RANGE" | "PARTIAL_PAYMENTS_DISABLED" | "PAYMENT_METHOD_UNSUPPORTED" | "INVALID_TRANSITION" | "PAYMENT_IN_PROGRESS" | "ORDER_NOT_REFUNDABLE" | "REFUND_EXCEEDS_REMAINING" | "WEBHOOK_EVENT_NOT_FOUND" | "WEBHOOK_EVENT_NOT_REPLAYABLE" | "PAYMENT_PROVIDER_UNAVAILABLE" | "PAYMENT_PROVIDER_ERROR" | "WEBHOOK_SIGNATURE_INVALID" | "SERVICE_UNAVAILABLE" | "INTERNAL_ERROR";
        FieldProblem: {
            /**
             * @description The field’s path in the body or query (`items.0.quantity`)
             * @example items.0.quantity
             */
            field: string;
            /**
             * @description What is wrong with it
             * @example [
             *       "quantity must not be greater than 999"
             *     ]
             */
            messages: string[];
        };
        ErrorResponse: {
            /**
             * Format: int32
             * @example 400
             */
            statusCode: number;
            /**
             * @description The HTTP status text
             * @example Bad Request
             */
            error: string;
            /**
             * @description For people: what went wrong, in a sentence
             * @example items.0.quantity must not be greater than 999
             */
            message: string;
            /**
             * @description Stable machine code; the route’s responses list which it can answer
             * @example VALIDATION_FAILED
             */
            code: components["schemas"]["ErrorCode"];
            /** @description Per-field problems, on VALIDATION_FAILED from a DTO */
            details?: components["schemas"]["FieldProblem"][];
            /**
             * @description The request id, on 5xx answers: quote it when reporting the problem
             * @example b7c1e2d4-5f60-4a1b-9c2d-3e4f5a6b7c8d
             */
            requestId?: string;
        };
        RegisterRequest: {
            /**
             * @description An email address (UTF-8 local parts are accepted); stored lower-cased
             * @example ada@example.com
             */
            email: string;
            /**
             * @description 10 to 128 characters, letters plus at least one digit, space or symbol, not a common password
             * @example correct horse battery staple
             */
            password: string;
        };
        /** @enum {string} */
        UserRole: "customer" | "admin";
        User: {
            /**
             * Format: uuid
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            id: string;
            /** @example ada@example.com */
            email: string;
            /** @example customer */
            role: components["schemas"]["UserRole"];
        };
        LoginRequest: {
            /** @example ada@example.com */
            email: string;
            /** @example correct horse battery staple */
            password: string;
        };
        Token: {
            /** @example eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9... */
            accessToken: string;
            /**
             * @example Bearer
             * @enum {string}
             */
            tokenType: "Bearer";
            /**
             * Format: int32
             * @description Seconds until the token expires
             * @example 3600
             */
            expiresIn: number;
        };
        /**
         * @description Lower-case ISO 4217 code
         * @enum {string}
         */
        Currency: "aed" | "aud" | "bgn" | "bhd" | "brl" | "cad" | "chf" | "czk" | "dkk" | "eur" | "gbp" | "hkd" | "huf" | "inr" | "jod" | "jpy" | "krw" | "kwd" | "mxn" | "myr" | "nok" | "nzd" | "omr" | "pln" | "ron" | "sek" | "sgd" | "thb" | "tnd" | "usd";
        Product: {
            /**
             * Format: uuid
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            id: string;
            /** @example MUG-BLUE */
            sku: string;
            /** @example Blue mug */
            name: string;
            /** @example Stoneware, 350 ml */
            description: string | null;
            /**
             * Format: int64
             * @description Price in minor units of `currency` (cents; yen for JPY)
             * @example 1299
             */
            unitAmount: number;
            /**
             * @description Lower-case ISO 4217 code
             * @example usd
             */
            currency: components["schemas"]["Currency"];
            /** @example true */
            active: boolean;
        };
        PageMeta: {
            /**
             * Format: int32
             * @example 1
             */
            page: number;
            /**
             * Format: int32
             * @example 20
             */
            pageSize: number;
            /**
             * Format: int32
             * @description How many items all the pages hold
             * @example 42
             */
            total: number;
        };
        /** @description One page of Product items, with where it sits among all of them */
        ProductPage: {
            data: components["schemas"]["Product"][];
            meta: components["schemas"]["PageMeta"];
        };
        CreateProductRequest: {
            /**
             * @description Letters, digits, dot, dash, underscore; unique
             * @example MUG-BLUE
             */
            sku: string;
            /**
             * @description Trimmed; not blank
             * @example Blue mug
             */
            name: string;
            /** @example Stoneware, 350 ml */
            description?: string;
            /**
             * Format: int64
             * @description Minor units of the shop currency
             * @example 1299
             */
            unitAmount: number;
            /** @description Offered to customers; absent on create means true */
            active?: boolean;
        };
        UpdateProductRequest: {
            /**
             * @description Letters, digits, dot, dash, underscore; unique
             * @example MUG-BLUE
             */
            sku?: string;
            /**
             * @description Trimmed; not blank
             * @example Blue mug
             */
            name?: string;
            /** @example Stoneware, 350 ml */
            description?: string;
            /**
             * Format: int64
             * @description Minor units of the shop currency
             * @example 1299
             */
            unitAmount?: number;
            /** @description Offered to customers; absent on create means true */
            active?: boolean;
        };
        CreateOrderItem: {
            /**
             * Format: uuid
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            productId: string;
            /**
             * Format: int32
             * @example 2
             */
            quantity: number;
        };
        CreateOrderRequest: {
            items: components["schemas"]["CreateOrderItem"][];
        };
        /** @enum {string} */
        OrderStatus: "pending" | "partially_paid" | "paid" | "canceled" | "refunded";
        OrderItem: {
            /**
             * Format: uuid
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            productId: string;
            /**
             * @description The product name when the order was placed
             * @example Blue mug
             */
            name: string;
            /**
             * Format: int64
             * @description The unit price when the order was placed, in minor units
             * @example 1299
             */
            unitAmount: number;
            /**
             * Format: int32
             * @example 2
             */
            quantity: number;
            /**
             * Format: int64
             * @description unitAmount × quantity, in minor units
             * @example 2598
             */
            lineTotal: number;
        };
        Order: {
            /**
             * Format: uuid
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            id: string;
            /** @example pending */
            status: components["schemas"]["OrderStatus"];
            /**
             * @description Lower-case ISO 4217 code
             * @example usd
             */
            currency: components["schemas"]["Currency"];
            /**
             * Format: int64
             * @description The sum of the line totals, in minor units
             * @example 2598
             */
            totalAmount: number;
            /**
             * Format: int64
             * @description Minor units paid so far: the parts its payments brought (a deposit, the balance)
             * @example 0
             */
            amountPaid: number;
            /**
             * Format: int64
             * @description Minor units still to pay: totalAmount − amountPaid while the order takes payments (pending, partially_paid), else 0. `POST /orders/{id}/pay` without an amount charges this.
             * @example 2598
             */
            amountDue: number;
            /**
             * Format: int64
             * @description Minor units refunded so far
             * @example 0
             */
            amountRefunded: number;
            items: components["schemas"]["OrderItem"][];
            /**
             * Format: date-time
             * @example 2026-11-30T14:05:09.123Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description When the whole total was paid
             * @example null
             */
            paidAt: string | null;
            /**
             * Format: date-time
             * @example null
             */
            canceledAt: string | null;
        };
        /** @description One page of Order items, with where it sits among all of them */
        OrderPage: {
            data: components["schemas"]["Order"][];
            meta: components["schemas"]["PageMeta"];
        };
        /**
         * @description The payment method: `stripe` (cards and more on Stripe Checkout) or `paypal` (PayPal Checkout). A method the shop does not offer is refused with 400.
         * @enum {string}
         */
        PaymentProvider: "stripe" | "paypal";
        PayOrderRequest: {
            /**
             * @description The payment method: `stripe` (cards and more on Stripe Checkout) or `paypal` (PayPal Checkout). A method the shop does not offer is refused with 400.
             * @example stripe
             */
            paymentMethod: components["schemas"]["PaymentProvider"];
            /**
             * Format: int64
             * @description Pay a part of the order now (a deposit, one of several cards), in minor units: at least the minimum (the provider’s minimum charge unless the shop sets one), at most the balance, leaving nothing or at least the minimum. Absent: the whole balance.
             * @example 3600
             */
            amount?: number;
        };
        /** @enum {string} */
        PaymentStatus: "creating" | "open" | "processing" | "succeeded" | "failed" | "expired" | "canceled";
        Checkout: {
            /**
             * Format: uuid
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            paymentId: string;
            /**
             * Format: uuid
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            orderId: string;
            /** @example stripe */
            provider: components["schemas"]["PaymentProvider"];
            /** @example open */
            status: components["schemas"]["PaymentStatus"];
            /**
             * Format: int64
             * @description What this checkout charges, in minor units
             * @example 3600
             */
            amount: number;
            /**
             * @description Lower-case ISO 4217 code
             * @example usd
             */
            currency: components["schemas"]["Currency"];
            /**
             * Format: uri
             * @description Send the customer here
             * @example https://checkout.stripe.com/c/pay/cs_test_a1b2c3
             */
            checkoutUrl: string;
            /**
             * Format: date-time
             * @description When the checkout stops taking the payment
             * @example 2026-11-30T14:05:09.123Z
             */
            expiresAt: string;
        };
        Payment: {
            /**
             * Format: uuid
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            id: string;
            /** @example stripe */
            provider: components["schemas"]["PaymentProvider"];
            /** @example succeeded */
            status: components["schemas"]["PaymentStatus"];
            /**
             * Format: int64
             * @description What this attempt charges, in minor units
             * @example 2598
             */
            amount: number;
            /**
             * @description Lower-case ISO 4217 code
             * @example usd
             */
            currency: components["schemas"]["Currency"];
            /**
             * Format: int64
             * @description Refunded from this payment so far, in minor units
             * @example 0
             */
            amountRefunded: number;
            /**
             * Format: uri
             * @description Only while the attempt is open
             * @example null
             */
            checkoutUrl: string | null;
            /**
             * Format: date-time
             * @example 2026-11-30T14:05:09.123Z
             */
            expiresAt: string | null;
            /**
             * @description Why the attempt ended without paying, as a stable code
             * @example null
             * @enum {string|null}
             */
            failureCode: "checkout_unavailable" | "checkout_refused" | "abandoned" | "payment_failed" | "needs_review" | "session_missing" | null;
            /**
             * @description The same, in words a customer may read (provider details are for admins only)
             * @example null
             */
            failureMessage: string | null;
            /**
             * Format: date-time
             * @example 2026-11-30T14:05:09.123Z
             */
            createdAt: string;
        };
        /** @description One page of Payment items, with where it sits among all of them */
        PaymentPage: {
            data: components["schemas"]["Payment"][];
            meta: components["schemas"]["PageMeta"];
        };
        WebhookAck: {
            /**
             * @example true
             * @enum {boolean}
             */
            received: true;
        };
        /** @enum {string} */
        OrderFlagKind: "amount_mismatch" | "late_payment" | "dispute" | "refund_failed" | "payment_unreadable" | "refund_stuck";
        OrderFlag: {
            /** @example dispute */
            kind: components["schemas"]["OrderFlagKind"];
            /**
             * @description The provider object the flag is about
             * @example du_1Nk…
             */
            reference: string;
            /**
             * @description What the provider said, by kind of flag
             * @example {
             *       "amount": 2598,
             *       "reason": "fraudulent",
             *       "status": "needs_response"
             *     }
             */
            details: {
                [key: string]: unknown;
            };
            /**
             * Format: date-time
             * @example 2026-11-30T14:05:09.123Z
             */
            createdAt: string;
        };
        AdminOrderSummary: {
            /**
             * Format: uuid
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            id: string;
            /** @example pending */
            status: components["schemas"]["OrderStatus"];
            /**
             * @description Lower-case ISO 4217 code
             * @example usd
             */
            currency: components["schemas"]["Currency"];
            /**
             * Format: int64
             * @description The sum of the line totals, in minor units
             * @example 2598
             */
            totalAmount: number;
            /**
             * Format: int64
             * @description Minor units paid so far: the parts its payments brought (a deposit, the balance)
             * @example 0
             */
            amountPaid: number;
            /**
             * Format: int64
             * @description Minor units still to pay: totalAmount − amountPaid while the order takes payments (pending, partially_paid), else 0. `POST /orders/{id}/pay` without an amount charges this.
             * @example 2598
             */
            amountDue: number;
            /**
             * Format: int64
             * @description Minor units refunded so far
             * @example 0
             */
            amountRefunded: number;
            items: components["schemas"]["OrderItem"][];
            /**
             * Format: date-time
             * @example 2026-11-30T14:05:09.123Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description When the whole total was paid
             * @example null
             */
            paidAt: string | null;
            /**
             * Format: date-time
             * @example null
             */
            canceledAt: string | null;
            /**
             * Format: uuid
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            userId: string;
            /** @example ada@example.com */
            userEmail: string;
            flags: components["schemas"]["OrderFlag"][];
        };
        /** @description One page of AdminOrderSummary items, with where it sits among all of them */
        AdminOrderSummaryPage: {
            data: components["schemas"]["AdminOrderSummary"][];
            meta: components["schemas"]["PageMeta"];
        };
        AuditEntry: {
            /** @example pending */
            fromStatus: components["schemas"]["OrderStatus"];
            /** @example paid */
            toStatus: components["schemas"]["OrderStatus"];
            /**
             * @description user:<id>, admin:<id>, stripe_event:<id>, paypal_event:<id> or reconciler
             * @example stripe_event:evt_1Nk…
             */
            cause: string;
            /**
             * Format: int64
             * @description The order’s amountPaid after this change (null on entries older than partial payments)
             * @example 3600
             */
            amountPaid: number | null;
            /**
             * Format: int64
             * @description The order’s amountRefunded after this change
             * @example 0
             */
            amountRefunded: number | null;
            /**
             * Format: date-time
             * @example 2026-11-30T14:05:09.123Z
             */
            at: string;
        };
        AdminPayment: {
            /**
             * Format: uuid
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            id: string;
            /** @example stripe */
            provider: components["schemas"]["PaymentProvider"];
            /** @example succeeded */
            status: components["schemas"]["PaymentStatus"];
            /**
             * Format: int64
             * @description What this attempt charges, in minor units
             * @example 2598
             */
            amount: number;
            /**
             * @description Lower-case ISO 4217 code
             * @example usd
             */
            currency: components["schemas"]["Currency"];
            /**
             * Format: int64
             * @description Refunded from this payment so far, in minor units
             * @example 0
             */
            amountRefunded: number;
            /**
             * Format: uri
             * @description Only while the attempt is open
             * @example null
             */
            checkoutUrl: string | null;
            /**
             * Format: date-time
             * @example 2026-11-30T14:05:09.123Z
             */
            expiresAt: string | null;
            /**
             * @description Why the attempt ended without paying, as a stable code
             * @example null
             * @enum {string|null}
             */
            failureCode: "checkout_unavailable" | "checkout_refused" | "abandoned" | "payment_failed" | "needs_review" | "session_missing" | null;
            /**
             * @description The same, in words a customer may read (provider details are for admins only)
             * @example null
             */
            failureMessage: string | null;
            /**
             * Format: date-time
             * @example 2026-11-30T14:05:09.123Z
             */
            createdAt: string;
            /**
             * @description The details behind failureCode (a provider error, an amount that did not match)
             * @example null
             */
            failureReason: string | null;
            /**
             * Format: int64
             * @description What the provider reports it took; differs from amount only for a payment flagged amount_mismatch
             * @example 2598
             */
            receivedAmount: number | null;
            /**
             * @description The currency the provider reports, whatever it is (lower-case ISO 4217)
             * @example usd
             */
            receivedCurrency: string | null;
            /**
             * Format: int64
             * @description The part of this payment its order took: all of it, or less (none) when it paid past the total or arrived after the order stopped taking payments; the rest is refunded automatically
             * @example 2598
             */
            amountApplied: number;
        };
        /** @enum {string} */
        RefundStatus: "pending" | "succeeded" | "failed" | "canceled";
        Refund: {
            /**
             * Format: uuid
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            id: string;
            /**
             * Format: uuid
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            paymentId: string;
            /**
             * Format: int64
             * @example 500
             */
            amount: number;
            /** @example succeeded */
            status: components["schemas"]["RefundStatus"];
            /**
             * @example requested_by_customer
             * @enum {string|null}
             */
            reason: "requested_by_customer" | "duplicate" | "fraudulent" | "late_payment" | "order_canceled" | "provider_dashboard" | null;
            /**
             * @description user:<id> (the admin who asked, or whose cancel refunded it), system:late_payment, or provider (made in its dashboard)
             * @example user:3f1c…
             */
            requestedBy: string;
            /** @example re_3Nk… */
            providerRefundId: string | null;
            /** @example null */
            failureReason: string | null;
            /**
             * Format: date-time
             * @example 2026-11-30T14:05:09.123Z
             */
            createdAt: string;
        };
        /** @enum {string} */
        WebhookEventStatus: "received" | "processed" | "ignored" | "failed";
        WebhookEvent: {
            /**
             * Format: uuid
             * @description The inbox row id (used by replay)
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            id: string;
            /** @example stripe */
            provider: components["schemas"]["PaymentProvider"];
            /**
             * @description The provider’s event id (deduplicated on)
             * @example evt_1Nk…
             */
            eventId: string;
            /** @example checkout.session.completed */
            type: string;
            /** @example processed */
            status: components["schemas"]["WebhookEventStatus"];
            /**
             * Format: uuid
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            orderId: string | null;
            /**
             * Format: int32
             * @description How many times it was processed
             * @example 1
             */
            attempts: number;
            /**
             * @description Why its last processing failed (`QueryFailedError: …`); null once processed
             * @example null
             */
            lastError: string | null;
            /**
             * Format: date-time
             * @example 2026-11-30T14:05:09.123Z
             */
            receivedAt: string;
            /**
             * Format: date-time
             * @example 2026-11-30T14:05:09.123Z
             */
            processedAt: string | null;
        };
        AdminOrderDetail: {
            /**
             * Format: uuid
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            id: string;
            /** @example pending */
            status: components["schemas"]["OrderStatus"];
            /**
             * @description Lower-case ISO 4217 code
             * @example usd
             */
            currency: components["schemas"]["Currency"];
            /**
             * Format: int64
             * @description The sum of the line totals, in minor units
             * @example 2598
             */
            totalAmount: number;
            /**
             * Format: int64
             * @description Minor units paid so far: the parts its payments brought (a deposit, the balance)
             * @example 0
             */
            amountPaid: number;
            /**
             * Format: int64
             * @description Minor units still to pay: totalAmount − amountPaid while the order takes payments (pending, partially_paid), else 0. `POST /orders/{id}/pay` without an amount charges this.
             * @example 2598
             */
            amountDue: number;
            /**
             * Format: int64
             * @description Minor units refunded so far
             * @example 0
             */
            amountRefunded: number;
            items: components["schemas"]["OrderItem"][];
            /**
             * Format: date-time
             * @example 2026-11-30T14:05:09.123Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @description When the whole total was paid
             * @example null
             */
            paidAt: string | null;
            /**
             * Format: date-time
             * @example null
             */
            canceledAt: string | null;
            /**
             * Format: uuid
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            userId: string;
            /** @example ada@example.com */
            userEmail: string;
            flags: components["schemas"]["OrderFlag"][];
            /** @description Every change of status or of the paid and refunded amounts, oldest first */
            auditTrail: components["schemas"]["AuditEntry"][];
            /** @description Payment attempts, oldest first */
            payments: components["schemas"]["AdminPayment"][];
            /** @description Refunds, newest first */
            refunds: components["schemas"]["Refund"][];
            /** @description Provider events about this order, oldest first */
            webhookEvents: components["schemas"]["WebhookEvent"][];
        };
        /** @enum {string} */
        AdminRefundReason: "requested_by_customer" | "duplicate" | "fraudulent";
        RefundRequest: {
            /**
             * Format: int64
             * @description Minor units; absent refunds everything not yet refunded
             * @example 500
             */
            amount?: number;
            /** @default requested_by_customer */
            reason?: components["schemas"]["AdminRefundReason"];
        };
        RefundPart: {
            /**
             * Format: uuid
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            refundId: string;
            /**
             * Format: uuid
             * @description The payment it gives money back from
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            paymentId: string;
            /** @example pending */
            status: components["schemas"]["RefundStatus"];
            /**
             * Format: int64
             * @description Given back from this payment, in minor units
             * @example 500
             */
            amount: number;
            /**
             * @description Why the provider refused it
             * @example null
             */
            failureReason: string | null;
        };
        RefundAccepted: {
            /**
             * Format: int64
             * @description The whole refund, in minor units
             * @example 500
             */
            amount: number;
            /** @description One refund per payment it takes from, newest payment first (an order paid in parts has several) */
            refunds: components["schemas"]["RefundPart"][];
        };
        /** @description One page of WebhookEvent items, with where it sits among all of them */
        WebhookEventPage: {
            data: components["schemas"]["WebhookEvent"][];
            meta: components["schemas"]["PageMeta"];
        };
        ReconcileChange: {
            /**
             * Format: uuid
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            paymentId: string;
            /**
             * Format: uuid
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            orderId: string;
            /** @example open */
            from: components["schemas"]["PaymentStatus"];
            /** @example succeeded */
            to: components["schemas"]["PaymentStatus"];
        };
        ReconcileReport: {
            /**
             * @description Always true (kept for clients of the first version)
             * @example true
             */
            ran: boolean;
            /**
             * Format: int32
             * @description Open or processing attempts read back from their provider
             * @example 3
             */
            checkoutsChecked: number;
            /**
             * Format: int32
             * @description Of those, the attempts whose status changed
             * @example 1
             */
            checkoutsChanged: number;
            /**
             * Format: int32
             * @description Attempts whose creator died before their checkout opened, marked failed
             * @example 0
             */
            abandonedAttemptsFailed: number;
            /**
             * Format: int32
             * @description Refunds the provider never acknowledged, submitted again
             * @example 0
             */
            refundsSubmitted: number;
            /**
             * Format: int32
             * @description Unsettled refunds read back from their provider
             * @example 0
             */
            refundsChecked: number;
            /**
             * Format: int32
             * @description Rows that could not be read or applied (see the log)
             * @example 0
             */
            errors: number;
            /**
             * Format: int32
             * @example 41
             */
            durationMs: number;
            /** @description The attempts this run moved (the first 100) */
            changes: components["schemas"]["ReconcileChange"][];
            /**
             * @description True when the run stopped at its bound (5,000 attempts): run it again
             * @example false
             */
            more: boolean;
        };
        /**
         * @description `confirming`: paid at Checkout, the confirmation has not arrived yet; `processing`: a bank payment that settles later (days); the others are final for this checkout
         * @enum {string}
         */
        CheckoutState: "paid" | "partially_paid" | "confirming" | "processing" | "failed" | "expired" | "canceled" | "refunded";
        CheckoutStatus: {
            /**
             * @description `confirming`: paid at Checkout, the confirmation has not arrived yet; `processing`: a bank payment that settles later (days); the others are final for this checkout
             * @example paid
             */
            state: components["schemas"]["CheckoutState"];
            /**
             * @description True when waiting changes nothing any more: stop polling
             * @example true
             */
            final: boolean;
            /** @example Payment received */
            title: string;
            /**
             * @description A sentence for the customer
             * @example Thank you! Your order is paid.
             */
            message: string;
            /** @example paid */
            orderStatus: components["schemas"]["OrderStatus"];
            /**
             * Format: int64
             * @description What this checkout charges, in minor units: the order total, or the part it pays (a deposit, the balance)
             * @example 3448
             */
            amount: number;
            /**
             * @description Lower-case ISO 4217 code
             * @example usd
             */
            currency: components["schemas"]["Currency"];
        };
        /** @description The error shape with code VALIDATION_FAILED */
        ValidationFailedError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "VALIDATION_FAILED";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            code: "VALIDATION_FAILED";
        };
        /** @description The error shape with code MALFORMED_JSON */
        MalformedJsonError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "MALFORMED_JSON";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            code: "MALFORMED_JSON";
        };
        /** @description The error shape with code PAYLOAD_TOO_LARGE */
        PayloadTooLargeError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "PAYLOAD_TOO_LARGE";
        };
        /** @description The error shape with code UNSUPPORTED_MEDIA_TYPE */
        UnsupportedMediaTypeError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "UNSUPPORTED_MEDIA_TYPE";
        };
        /** @description The error shape with code SERVICE_UNAVAILABLE */
        ServiceUnavailableError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "SERVICE_UNAVAILABLE";
        };
        /** @description The error shape with code EMAIL_TAKEN */
        EmailTakenError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "EMAIL_TAKEN";
        };
        /** @description The error shape with code RATE_LIMITED */
        RateLimitedError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "RATE_LIMITED";
        };
        /** @description The error shape with code INVALID_CREDENTIALS */
        InvalidCredentialsError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "INVALID_CREDENTIALS";
        };
        /** @description The error shape with code UNAUTHENTICATED */
        UnauthenticatedError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "UNAUTHENTICATED";
        };
        /** @description The error shape with code PRODUCT_NOT_FOUND */
        ProductNotFoundError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "PRODUCT_NOT_FOUND";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            code: "PRODUCT_NOT_FOUND";
        };
        /** @description The error shape with code FORBIDDEN */
        ForbiddenError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "FORBIDDEN";
        };
        /** @description The error shape with code SKU_TAKEN */
        SkuTakenError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "SKU_TAKEN";
        };
        /** @description The error shape with code PRODUCT_UNAVAILABLE */
        ProductUnavailableError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "PRODUCT_UNAVAILABLE";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            code: "PRODUCT_UNAVAILABLE";
        };
        /** @description The error shape with code ORDER_TOTAL_OUT_OF_RANGE */
        OrderTotalOutOfRangeError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "ORDER_TOTAL_OUT_OF_RANGE";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            code: "ORDER_TOTAL_OUT_OF_RANGE";
        };
        /** @description The error shape with code ORDER_NOT_FOUND */
        OrderNotFoundError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "ORDER_NOT_FOUND";
        };
        /** @description The error shape with code ORDER_NOT_PAYABLE */
        OrderNotPayableError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "ORDER_NOT_PAYABLE";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            code: "ORDER_NOT_PAYABLE";
        };
        /** @description The error shape with code PAYMENT_IN_PROGRESS */
        PaymentInProgressError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "PAYMENT_IN_PROGRESS";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            code: "PAYMENT_IN_PROGRESS";
        };
        /** @description The error shape with code PAYMENT_AMOUNT_OUT_OF_RANGE */
        PaymentAmountOutOfRangeError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "PAYMENT_AMOUNT_OUT_OF_RANGE";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            code: "PAYMENT_AMOUNT_OUT_OF_RANGE";
        };
        /** @description The error shape with code PARTIAL_PAYMENTS_DISABLED */
        PartialPaymentsDisabledError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "PARTIAL_PAYMENTS_DISABLED";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            code: "PARTIAL_PAYMENTS_DISABLED";
        };
        /** @description The error shape with code PAYMENT_METHOD_UNSUPPORTED */
        PaymentMethodUnsupportedError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "PAYMENT_METHOD_UNSUPPORTED";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            code: "PAYMENT_METHOD_UNSUPPORTED";
        };
        /** @description The error shape with code PAYMENT_PROVIDER_ERROR */
        PaymentProviderErrorError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "PAYMENT_PROVIDER_ERROR";
        };
        /** @description The error shape with code PAYMENT_PROVIDER_UNAVAILABLE */
        PaymentProviderUnavailableError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "PAYMENT_PROVIDER_UNAVAILABLE";
        };
        /** @description The error shape with code ORDER_HAS_PAYMENTS */
        OrderHasPaymentsError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "ORDER_HAS_PAYMENTS";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            code: "ORDER_HAS_PAYMENTS";
        };
        /** @description The error shape with code ORDER_NOT_CANCELABLE */
        OrderNotCancelableError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "ORDER_NOT_CANCELABLE";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            code: "ORDER_NOT_CANCELABLE";
        };
        /** @description The error shape with code WEBHOOK_SIGNATURE_INVALID */
        WebhookSignatureInvalidError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "WEBHOOK_SIGNATURE_INVALID";
        };
        /** @description The error shape with code INTERNAL_ERROR */
        InternalErrorError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "INTERNAL_ERROR";
        };
        /** @description The error shape with code ORDER_NOT_REFUNDABLE */
        OrderNotRefundableError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "ORDER_NOT_REFUNDABLE";
        };
        /** @description The error shape with code REFUND_EXCEEDS_REMAINING */
        RefundExceedsRemainingError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "REFUND_EXCEEDS_REMAINING";
        } & {
            /**
             * @description discriminator enum property added by openapi-typescript
             * @enum {string}
             */
            code: "REFUND_EXCEEDS_REMAINING";
        };
        /** @description The error shape with code WEBHOOK_EVENT_NOT_FOUND */
        WebhookEventNotFoundError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "WEBHOOK_EVENT_NOT_FOUND";
        };
        /** @description The error shape with code WEBHOOK_EVENT_NOT_REPLAYABLE */
        WebhookEventNotReplayableError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "WEBHOOK_EVENT_NOT_REPLAYABLE";
        };
        /** @description The error shape with code CHECKOUT_SESSION_NOT_FOUND */
        CheckoutSessionNotFoundError: components["schemas"]["ErrorResponse"] & {
            /** @enum {string} */
            code: "CHECKOUT_SESSION_NOT_FOUND";
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    checkLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process answers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok"
                     *     }
                     */
                    "application/json": components["schemas"]["Liveness"];
                };
            };
            /** @description VALIDATION_FAILED: a query string with text the API refuses (a NUL byte); MALFORMED_JSON: a body that is not valid JSON (this route takes no body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb (this route takes no body) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json (this route takes no body) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
        };
    };
    checkReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every dependency answers: send traffic */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok",
                     *       "checks": {
                     *         "database": "up"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            /** @description VALIDATION_FAILED: a query string with text the API refuses (a NUL byte); MALFORMED_JSON: a body that is not valid JSON (this route takes no body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb (this route takes no body) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json (this route takes no body) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
            /** @description SERVICE_UNAVAILABLE: a dependency does not answer; `message` names it */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ServiceUnavailableError"];
                };
            };
        };
    };
    register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterRequest"];
            };
        };
        responses: {
            /** @description The new account (a customer); log in next */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *       "email": "ada@example.com",
                     *       "role": "customer"
                     *     }
                     */
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description VALIDATION_FAILED: weak password, malformed email, extra fields; MALFORMED_JSON: a body that is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description EMAIL_TAKEN */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EmailTakenError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RateLimitedError"];
                };
            };
        };
    };
    logIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginRequest"];
            };
        };
        responses: {
            /** @description A bearer token for the `Authorization` header */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "accessToken": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...",
                     *       "tokenType": "Bearer",
                     *       "expiresIn": 3600
                     *     }
                     */
                    "application/json": components["schemas"]["Token"];
                };
            };
            /** @description VALIDATION_FAILED: email or password missing or too long; MALFORMED_JSON: a body that is not valid JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description INVALID_CREDENTIALS */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InvalidCredentialsError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RateLimitedError"];
                };
            };
        };
    };
    getCurrentUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account the token belongs to */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *       "email": "ada@example.com",
                     *       "role": "customer"
                     *     }
                     */
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description VALIDATION_FAILED: a query string with text the API refuses (a NUL byte); MALFORMED_JSON: a body that is not valid JSON (this route takes no body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description UNAUTHENTICATED: missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnauthenticatedError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb (this route takes no body) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json (this route takes no body) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
        };
    };
    listProducts: {
        parameters: {
            query?: {
                page?: number;
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the catalog */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *           "sku": "MUG-BLUE",
                     *           "name": "Blue mug",
                     *           "description": "Stoneware, 350 ml",
                     *           "unitAmount": 1299,
                     *           "currency": "usd",
                     *           "active": true
                     *         }
                     *       ],
                     *       "meta": {
                     *         "page": 1,
                     *         "pageSize": 20,
                     *         "total": 42
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["ProductPage"];
                };
            };
            /** @description VALIDATION_FAILED: a malformed id or query; MALFORMED_JSON: a body that is not valid JSON (this route takes no body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb (this route takes no body) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json (this route takes no body) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
        };
    };
    getProduct: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The product’s id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The product */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *       "sku": "MUG-BLUE",
                     *       "name": "Blue mug",
                     *       "description": "Stoneware, 350 ml",
                     *       "unitAmount": 1299,
                     *       "currency": "usd",
                     *       "active": true
                     *     }
                     */
                    "application/json": components["schemas"]["Product"];
                };
            };
            /** @description VALIDATION_FAILED: a malformed id or query; MALFORMED_JSON: a body that is not valid JSON (this route takes no body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description PRODUCT_NOT_FOUND (also for inactive products) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductNotFoundError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb (this route takes no body) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json (this route takes no body) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
        };
    };
    listAllProducts: {
        parameters: {
            query?: {
                page?: number;
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of products, inactive ones included */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *           "sku": "MUG-BLUE",
                     *           "name": "Blue mug",
                     *           "description": "Stoneware, 350 ml",
                     *           "unitAmount": 1299,
                     *           "currency": "usd",
                     *           "active": true
                     *         }
                     *       ],
                     *       "meta": {
                     *         "page": 1,
                     *         "pageSize": 20,
                     *         "total": 42
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["ProductPage"];
                };
            };
            /** @description VALIDATION_FAILED: a malformed id, query or body; MALFORMED_JSON: a body that is not valid JSON (this route takes no body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description UNAUTHENTICATED: missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnauthenticatedError"];
                };
            };
            /** @description FORBIDDEN: the caller is not admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForbiddenError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb (this route takes no body) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json (this route takes no body) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
        };
    };
    createProduct: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateProductRequest"];
            };
        };
        responses: {
            /** @description The new product, priced in the shop currency */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *       "sku": "MUG-BLUE",
                     *       "name": "Blue mug",
                     *       "description": "Stoneware, 350 ml",
                     *       "unitAmount": 1299,
                     *       "currency": "usd",
                     *       "active": true
                     *     }
                     */
                    "application/json": components["schemas"]["Product"];
                };
            };
            /** @description VALIDATION_FAILED: a malformed id, query or body; MALFORMED_JSON: a body that is not valid JSON (this route takes no body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description UNAUTHENTICATED: missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnauthenticatedError"];
                };
            };
            /** @description FORBIDDEN: the caller is not admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForbiddenError"];
                };
            };
            /** @description SKU_TAKEN */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SkuTakenError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
        };
    };
    updateProduct: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The product’s id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateProductRequest"];
            };
        };
        responses: {
            /** @description The product as updated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *       "sku": "MUG-BLUE",
                     *       "name": "Blue mug",
                     *       "description": "Stoneware, 350 ml",
                     *       "unitAmount": 1299,
                     *       "currency": "usd",
                     *       "active": true
                     *     }
                     */
                    "application/json": components["schemas"]["Product"];
                };
            };
            /** @description VALIDATION_FAILED: a malformed id, query or body; MALFORMED_JSON: a body that is not valid JSON (this route takes no body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description UNAUTHENTICATED: missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnauthenticatedError"];
                };
            };
            /** @description FORBIDDEN: the caller is not admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForbiddenError"];
                };
            };
            /** @description PRODUCT_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductNotFoundError"];
                };
            };
            /** @description SKU_TAKEN */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SkuTakenError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
        };
    };
    listOrders: {
        parameters: {
            query?: {
                page?: number;
                pageSize?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the caller’s orders */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *           "status": "pending",
                     *           "currency": "usd",
                     *           "totalAmount": 2598,
                     *           "amountPaid": 0,
                     *           "amountDue": 2598,
                     *           "amountRefunded": 0,
                     *           "items": [
                     *             {
                     *               "productId": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *               "name": "Blue mug",
                     *               "unitAmount": 1299,
                     *               "quantity": 2,
                     *               "lineTotal": 2598
                     *             }
                     *           ],
                     *           "createdAt": "2026-11-30T14:05:09.123Z",
                     *           "paidAt": null,
                     *           "canceledAt": null
                     *         }
                     *       ],
                     *       "meta": {
                     *         "page": 1,
                     *         "pageSize": 20,
                     *         "total": 42
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["OrderPage"];
                };
            };
            /** @description VALIDATION_FAILED, MALFORMED_JSON: a malformed id, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description UNAUTHENTICATED: missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnauthenticatedError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb (this route takes no body) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json (this route takes no body) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
        };
    };
    createOrder: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateOrderRequest"];
            };
        };
        responses: {
            /** @description The order, `pending`, priced from the catalog */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *       "status": "pending",
                     *       "currency": "usd",
                     *       "totalAmount": 2598,
                     *       "amountPaid": 0,
                     *       "amountDue": 2598,
                     *       "amountRefunded": 0,
                     *       "items": [
                     *         {
                     *           "productId": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *           "name": "Blue mug",
                     *           "unitAmount": 1299,
                     *           "quantity": 2,
                     *           "lineTotal": 2598
                     *         }
                     *       ],
                     *       "createdAt": "2026-11-30T14:05:09.123Z",
                     *       "paidAt": null,
                     *       "canceledAt": null
                     *     }
                     */
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description VALIDATION_FAILED, MALFORMED_JSON: a malformed id, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description UNAUTHENTICATED: missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnauthenticatedError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
            /** @description PRODUCT_NOT_FOUND, PRODUCT_UNAVAILABLE, ORDER_TOTAL_OUT_OF_RANGE */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductNotFoundError"] | components["schemas"]["ProductUnavailableError"] | components["schemas"]["OrderTotalOutOfRangeError"];
                };
            };
        };
    };
    getOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The order’s id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order, with what is paid and due */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *       "status": "pending",
                     *       "currency": "usd",
                     *       "totalAmount": 2598,
                     *       "amountPaid": 0,
                     *       "amountDue": 2598,
                     *       "amountRefunded": 0,
                     *       "items": [
                     *         {
                     *           "productId": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *           "name": "Blue mug",
                     *           "unitAmount": 1299,
                     *           "quantity": 2,
                     *           "lineTotal": 2598
                     *         }
                     *       ],
                     *       "createdAt": "2026-11-30T14:05:09.123Z",
                     *       "paidAt": null,
                     *       "canceledAt": null
                     *     }
                     */
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description VALIDATION_FAILED, MALFORMED_JSON: a malformed id, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description UNAUTHENTICATED: missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnauthenticatedError"];
                };
            };
            /** @description ORDER_NOT_FOUND (also for another user’s order) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderNotFoundError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb (this route takes no body) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json (this route takes no body) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
        };
    };
    payOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The order’s id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PayOrderRequest"];
            };
        };
        responses: {
            /** @description The order’s open checkout for the same amount, reused */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "paymentId": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *       "orderId": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *       "provider": "stripe",
                     *       "status": "open",
                     *       "amount": 3600,
                     *       "currency": "usd",
                     *       "checkoutUrl": "https://checkout.stripe.com/c/pay/cs_test_a1b2c3",
                     *       "expiresAt": "2026-11-30T14:05:09.123Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Checkout"];
                };
            };
            /** @description A new checkout: send the customer to `checkoutUrl` */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "paymentId": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *       "orderId": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *       "provider": "stripe",
                     *       "status": "open",
                     *       "amount": 3600,
                     *       "currency": "usd",
                     *       "checkoutUrl": "https://checkout.stripe.com/c/pay/cs_test_a1b2c3",
                     *       "expiresAt": "2026-11-30T14:05:09.123Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Checkout"];
                };
            };
            /** @description VALIDATION_FAILED, MALFORMED_JSON: a malformed id, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description UNAUTHENTICATED: missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnauthenticatedError"];
                };
            };
            /** @description ORDER_NOT_FOUND (also for another user’s order) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderNotFoundError"];
                };
            };
            /** @description ORDER_NOT_PAYABLE (paid in full, canceled or refunded), PAYMENT_IN_PROGRESS */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderNotPayableError"] | components["schemas"]["PaymentInProgressError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
            /** @description PAYMENT_AMOUNT_OUT_OF_RANGE (below the minimum, above the balance, or leaving less than the minimum; the message names the limits), PARTIAL_PAYMENTS_DISABLED, ORDER_TOTAL_OUT_OF_RANGE, ORDER_NOT_PAYABLE (no items), PAYMENT_METHOD_UNSUPPORTED (the provider does not take the currency or an amount) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentAmountOutOfRangeError"] | components["schemas"]["PartialPaymentsDisabledError"] | components["schemas"]["OrderTotalOutOfRangeError"] | components["schemas"]["OrderNotPayableError"] | components["schemas"]["PaymentMethodUnsupportedError"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RateLimitedError"];
                };
            };
            /** @description PAYMENT_PROVIDER_ERROR */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentProviderErrorError"];
                };
            };
            /** @description PAYMENT_PROVIDER_UNAVAILABLE: try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentProviderUnavailableError"];
                };
            };
        };
    };
    listOrderPayments: {
        parameters: {
            query?: {
                page?: number;
                pageSize?: number;
            };
            header?: never;
            path: {
                /** @description The order’s id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the order’s payment attempts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *           "provider": "stripe",
                     *           "status": "succeeded",
                     *           "amount": 2598,
                     *           "currency": "usd",
                     *           "amountRefunded": 0,
                     *           "checkoutUrl": null,
                     *           "expiresAt": "2026-11-30T14:05:09.123Z",
                     *           "failureCode": null,
                     *           "failureMessage": null,
                     *           "createdAt": "2026-11-30T14:05:09.123Z"
                     *         }
                     *       ],
                     *       "meta": {
                     *         "page": 1,
                     *         "pageSize": 20,
                     *         "total": 42
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["PaymentPage"];
                };
            };
            /** @description VALIDATION_FAILED, MALFORMED_JSON: a malformed id, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description UNAUTHENTICATED: missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnauthenticatedError"];
                };
            };
            /** @description ORDER_NOT_FOUND (also for another user’s order) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderNotFoundError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb (this route takes no body) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json (this route takes no body) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
        };
    };
    cancelOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The order’s id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order, `canceled` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *       "status": "canceled",
                     *       "currency": "usd",
                     *       "totalAmount": 2598,
                     *       "amountPaid": 0,
                     *       "amountDue": 0,
                     *       "amountRefunded": 0,
                     *       "items": [
                     *         {
                     *           "productId": "9b2e4c1a-7d3f-4e8a-b5c6-1d2e3f4a5b6c",
                     *           "name": "Blue mug",
                     *           "unitAmount": 1299,
                     *           "quantity": 2,
                     *           "lineTotal": 2598
                     *         }
                     *       ],
                     *       "createdAt": "2026-11-30T14:05:09.123Z",
                     *       "paidAt": null,
                     *       "canceledAt": "2026-11-30T14:20:41.507Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description VALIDATION_FAILED, MALFORMED_JSON: a malformed id, query or body */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description UNAUTHENTICATED: missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnauthenticatedError"];
                };
            };
            /** @description ORDER_NOT_FOUND (also for another user’s order) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderNotFoundError"];
                };
            };
            /** @description ORDER_HAS_PAYMENTS (a part is paid: the shop can cancel it and refund), ORDER_NOT_CANCELABLE (paid, or its payment completed meanwhile), PAYMENT_IN_PROGRESS */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderHasPaymentsError"] | components["schemas"]["OrderNotCancelableError"] | components["schemas"]["PaymentInProgressError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb (this route takes no body) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json (this route takes no body) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
            /** @description PAYMENT_PROVIDER_ERROR: the provider refused to close the open checkout */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentProviderErrorError"];
                };
            };
            /** @description PAYMENT_PROVIDER_UNAVAILABLE: the open checkout could not be closed at its provider; try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentProviderUnavailableError"];
                };
            };
        };
    };
    receiveStripeEvent: {
        parameters: {
            query?: never;
            header: {
                /** @description Stripe’s signature of the raw body: `t=<timestamp>,v1=<HMAC-SHA256>` */
                "Stripe-Signature": string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description A Stripe Event, as Stripe signed it (read as raw bytes: any change breaks the signature) */
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Handled now or before: Stripe stops sending it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookAck"];
                };
            };
            /** @description WEBHOOK_SIGNATURE_INVALID: missing, malformed, wrong or stale signature */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSignatureInvalidError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 512kb */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description INTERNAL_ERROR: processing failed: its changes are undone, the event is kept failed; Stripe retries */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InternalErrorError"];
                };
            };
            /** @description PAYMENT_PROVIDER_UNAVAILABLE: Stripe could not be asked what the event needs; the event is kept failed, and Stripe retries */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentProviderUnavailableError"];
                };
            };
        };
    };
    receivePayPalEvent: {
        parameters: {
            query?: never;
            header: {
                "PAYPAL-AUTH-ALGO": string;
                "PAYPAL-CERT-URL": string;
                "PAYPAL-TRANSMISSION-TIME": string;
                "PAYPAL-TRANSMISSION-ID": string;
                "PAYPAL-TRANSMISSION-SIG": string;
            };
            path?: never;
            cookie?: never;
        };
        /** @description A PayPal webhook event, as PayPal sent it (verified with PayPal byte for byte) */
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Handled now or before: PayPal stops sending it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookAck"];
                };
            };
            /** @description WEBHOOK_SIGNATURE_INVALID: missing headers, or PayPal did not verify the delivery */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSignatureInvalidError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 512kb */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description INTERNAL_ERROR: processing failed: its changes are undone, the event is kept failed; PayPal retries */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InternalErrorError"];
                };
            };
            /** @description PAYMENT_PROVIDER_UNAVAILABLE: PayPal could not be asked to verify it; PayPal retries */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentProviderUnavailableError"];
                };
            };
        };
    };
    findOrders: {
        parameters: {
            query?: {
                page?: number;
                pageSize?: number;
                status?: components["schemas"]["OrderStatus"];
                /** @description true: only orders flagged for review (mismatch, late payment, dispute); false: only the others */
                flagged?: boolean;
                /** @description Created at or after */
                from?: string;
                /** @description Created before */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of orders with their customer and flags */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *           "status": "pending",
                     *           "currency": "usd",
                     *           "totalAmount": 2598,
                     *           "amountPaid": 0,
                     *           "amountDue": 2598,
                     *           "amountRefunded": 0,
                     *           "items": [
                     *             {
                     *               "productId": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *               "name": "Blue mug",
                     *               "unitAmount": 1299,
                     *               "quantity": 2,
                     *               "lineTotal": 2598
                     *             }
                     *           ],
                     *           "createdAt": "2026-11-30T14:05:09.123Z",
                     *           "paidAt": null,
                     *           "canceledAt": null,
                     *           "userId": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *           "userEmail": "ada@example.com",
                     *           "flags": [
                     *             {
                     *               "kind": "dispute",
                     *               "reference": "du_1Nk…",
                     *               "details": {
                     *                 "amount": 2598,
                     *                 "reason": "fraudulent",
                     *                 "status": "needs_response"
                     *               },
                     *               "createdAt": "2026-11-30T14:05:09.123Z"
                     *             }
                     *           ]
                     *         }
                     *       ],
                     *       "meta": {
                     *         "page": 1,
                     *         "pageSize": 20,
                     *         "total": 42
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["AdminOrderSummaryPage"];
                };
            };
            /** @description VALIDATION_FAILED; MALFORMED_JSON: a body that is not valid JSON (this route takes no body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description UNAUTHENTICATED: missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnauthenticatedError"];
                };
            };
            /** @description FORBIDDEN: the caller is not admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForbiddenError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb (this route takes no body) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json (this route takes no body) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
        };
    };
    getOrderHistory: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The order’s id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order and everything that happened to it */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *       "status": "paid",
                     *       "currency": "usd",
                     *       "totalAmount": 2598,
                     *       "amountPaid": 2598,
                     *       "amountDue": 0,
                     *       "amountRefunded": 500,
                     *       "items": [
                     *         {
                     *           "productId": "9b2e4c1a-7d3f-4e8a-b5c6-1d2e3f4a5b6c",
                     *           "name": "Blue mug",
                     *           "unitAmount": 1299,
                     *           "quantity": 2,
                     *           "lineTotal": 2598
                     *         }
                     *       ],
                     *       "createdAt": "2026-11-30T14:05:09.123Z",
                     *       "paidAt": "2026-11-30T14:07:12.880Z",
                     *       "canceledAt": null,
                     *       "userId": "a4d2f1e0-3b5c-4d6e-8f70-91a2b3c4d5e6",
                     *       "userEmail": "ada@example.com",
                     *       "flags": [],
                     *       "auditTrail": [
                     *         {
                     *           "fromStatus": "pending",
                     *           "toStatus": "paid",
                     *           "cause": "stripe_event:evt_1Nk5aB2eZvKYlo2C0a1b2c3d",
                     *           "amountPaid": 2598,
                     *           "amountRefunded": 0,
                     *           "at": "2026-11-30T14:07:12.880Z"
                     *         },
                     *         {
                     *           "fromStatus": "paid",
                     *           "toStatus": "paid",
                     *           "cause": "stripe_event:evt_1Nk5cD2eZvKYlo2C4e5f6a7b",
                     *           "amountPaid": 2598,
                     *           "amountRefunded": 500,
                     *           "at": "2026-11-30T15:10:03.215Z"
                     *         }
                     *       ],
                     *       "payments": [
                     *         {
                     *           "id": "6f1c2a8e-4b1d-4d7a-9a55-0c1f3e2b7d10",
                     *           "provider": "stripe",
                     *           "status": "succeeded",
                     *           "amount": 2598,
                     *           "currency": "usd",
                     *           "amountRefunded": 500,
                     *           "checkoutUrl": null,
                     *           "expiresAt": "2026-11-30T14:35:09.456Z",
                     *           "failureCode": null,
                     *           "failureMessage": null,
                     *           "createdAt": "2026-11-30T14:05:09.456Z",
                     *           "failureReason": null,
                     *           "receivedAmount": 2598,
                     *           "receivedCurrency": "usd",
                     *           "amountApplied": 2598
                     *         }
                     *       ],
                     *       "refunds": [
                     *         {
                     *           "id": "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f",
                     *           "paymentId": "6f1c2a8e-4b1d-4d7a-9a55-0c1f3e2b7d10",
                     *           "amount": 500,
                     *           "status": "succeeded",
                     *           "reason": "requested_by_customer",
                     *           "requestedBy": "user:0d1e2f3a-4b5c-4d6e-9f80-a1b2c3d4e5f6",
                     *           "providerRefundId": "re_3Nk5bC2eZvKYlo2C1x2y3z4w",
                     *           "failureReason": null,
                     *           "createdAt": "2026-11-30T15:09:58.002Z"
                     *         }
                     *       ],
                     *       "webhookEvents": [
                     *         {
                     *           "id": "e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b",
                     *           "provider": "stripe",
                     *           "eventId": "evt_1Nk5aB2eZvKYlo2C0a1b2c3d",
                     *           "type": "checkout.session.completed",
                     *           "status": "processed",
                     *           "orderId": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *           "attempts": 1,
                     *           "lastError": null,
                     *           "receivedAt": "2026-11-30T14:07:12.851Z",
                     *           "processedAt": "2026-11-30T14:07:12.880Z"
                     *         },
                     *         {
                     *           "id": "f2a3b4c5-d6e7-4f8a-9b0c-1d2e3f4a5b6c",
                     *           "provider": "stripe",
                     *           "eventId": "evt_1Nk5cD2eZvKYlo2C4e5f6a7b",
                     *           "type": "refund.updated",
                     *           "status": "processed",
                     *           "orderId": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *           "attempts": 1,
                     *           "lastError": null,
                     *           "receivedAt": "2026-11-30T15:10:03.190Z",
                     *           "processedAt": "2026-11-30T15:10:03.215Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["AdminOrderDetail"];
                };
            };
            /** @description VALIDATION_FAILED; MALFORMED_JSON: a body that is not valid JSON (this route takes no body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description UNAUTHENTICATED: missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnauthenticatedError"];
                };
            };
            /** @description FORBIDDEN: the caller is not admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForbiddenError"];
                };
            };
            /** @description ORDER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderNotFoundError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb (this route takes no body) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json (this route takes no body) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
        };
    };
    cancelOrderAsAdmin: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The order’s id */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The order, `canceled` (refunds of what was paid are on their way) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *       "status": "canceled",
                     *       "currency": "usd",
                     *       "totalAmount": 2598,
                     *       "amountPaid": 0,
                     *       "amountDue": 0,
                     *       "amountRefunded": 0,
                     *       "items": [
                     *         {
                     *           "productId": "9b2e4c1a-7d3f-4e8a-b5c6-1d2e3f4a5b6c",
                     *           "name": "Blue mug",
                     *           "unitAmount": 1299,
                     *           "quantity": 2,
                     *           "lineTotal": 2598
                     *         }
                     *       ],
                     *       "createdAt": "2026-11-30T14:05:09.123Z",
                     *       "paidAt": null,
                     *       "canceledAt": "2026-11-30T14:20:41.507Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Order"];
                };
            };
            /** @description VALIDATION_FAILED; MALFORMED_JSON: a body that is not valid JSON (this route takes no body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description UNAUTHENTICATED: missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnauthenticatedError"];
                };
            };
            /** @description FORBIDDEN: the caller is not admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForbiddenError"];
                };
            };
            /** @description ORDER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderNotFoundError"];
                };
            };
            /** @description ORDER_NOT_CANCELABLE (paid in full, canceled or refunded; refund it instead), PAYMENT_IN_PROGRESS */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderNotCancelableError"] | components["schemas"]["PaymentInProgressError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb (this route takes no body) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json (this route takes no body) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
            /** @description PAYMENT_PROVIDER_ERROR: the provider refused to close the open checkout */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentProviderErrorError"];
                };
            };
            /** @description PAYMENT_PROVIDER_UNAVAILABLE: the open checkout could not be closed at its provider; try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentProviderUnavailableError"];
                };
            };
        };
    };
    refundOrder: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The order’s id */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefundRequest"];
            };
        };
        responses: {
            /** @description The refunds, `pending` until their provider settles them */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "amount": 500,
                     *       "refunds": [
                     *         {
                     *           "refundId": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *           "paymentId": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *           "status": "pending",
                     *           "amount": 500,
                     *           "failureReason": null
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": components["schemas"]["RefundAccepted"];
                };
            };
            /** @description VALIDATION_FAILED; MALFORMED_JSON: a body that is not valid JSON (this route takes no body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description UNAUTHENTICATED: missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnauthenticatedError"];
                };
            };
            /** @description FORBIDDEN: the caller is not admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForbiddenError"];
                };
            };
            /** @description ORDER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderNotFoundError"];
                };
            };
            /** @description ORDER_NOT_REFUNDABLE: nothing paid, or nothing left */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderNotRefundableError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
            /** @description REFUND_EXCEEDS_REMAINING, PAYMENT_METHOD_UNSUPPORTED (the provider cannot give a part back, such as a fraction of a forint at PayPal) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefundExceedsRemainingError"] | components["schemas"]["PaymentMethodUnsupportedError"];
                };
            };
            /** @description PAYMENT_PROVIDER_ERROR: the provider refused the refund */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentProviderErrorError"];
                };
            };
            /** @description PAYMENT_PROVIDER_UNAVAILABLE: the payment’s provider is not configured on this instance */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentProviderUnavailableError"];
                };
            };
        };
    };
    listWebhookEvents: {
        parameters: {
            query?: {
                page?: number;
                pageSize?: number;
                status?: components["schemas"]["WebhookEventStatus"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the provider events received */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "data": [
                     *         {
                     *           "id": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *           "provider": "stripe",
                     *           "eventId": "evt_1Nk…",
                     *           "type": "checkout.session.completed",
                     *           "status": "processed",
                     *           "orderId": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *           "attempts": 1,
                     *           "lastError": null,
                     *           "receivedAt": "2026-11-30T14:05:09.123Z",
                     *           "processedAt": "2026-11-30T14:05:09.123Z"
                     *         }
                     *       ],
                     *       "meta": {
                     *         "page": 1,
                     *         "pageSize": 20,
                     *         "total": 42
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEventPage"];
                };
            };
            /** @description VALIDATION_FAILED: a malformed query; MALFORMED_JSON: a body that is not valid JSON (this route takes no body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description UNAUTHENTICATED: missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnauthenticatedError"];
                };
            };
            /** @description FORBIDDEN: the caller is not admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForbiddenError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb (this route takes no body) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json (this route takes no body) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
        };
    };
    replayWebhookEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The inbox row’s id (`id` in the inbox list, not the provider’s event id) */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event after the replay: `processed` or `ignored` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *       "provider": "stripe",
                     *       "eventId": "evt_1Nk…",
                     *       "type": "checkout.session.completed",
                     *       "status": "processed",
                     *       "orderId": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *       "attempts": 1,
                     *       "lastError": null,
                     *       "receivedAt": "2026-11-30T14:05:09.123Z",
                     *       "processedAt": "2026-11-30T14:05:09.123Z"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEvent"];
                };
            };
            /** @description VALIDATION_FAILED: a malformed id; MALFORMED_JSON: a body that is not valid JSON (this route takes no body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description UNAUTHENTICATED: missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnauthenticatedError"];
                };
            };
            /** @description FORBIDDEN: the caller is not admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForbiddenError"];
                };
            };
            /** @description WEBHOOK_EVENT_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEventNotFoundError"];
                };
            };
            /** @description WEBHOOK_EVENT_NOT_REPLAYABLE: already processed or ignored */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEventNotReplayableError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb (this route takes no body) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json (this route takes no body) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
            /** @description INTERNAL_ERROR: it failed again (the inbox row keeps the error); fix the cause, then replay */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InternalErrorError"];
                };
            };
            /** @description PAYMENT_PROVIDER_UNAVAILABLE: its provider could not be reached or is not configured; try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentProviderUnavailableError"];
                };
            };
        };
    };
    runReconciler: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What the run read and changed */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "ran": true,
                     *       "checkoutsChecked": 3,
                     *       "checkoutsChanged": 1,
                     *       "abandonedAttemptsFailed": 0,
                     *       "refundsSubmitted": 0,
                     *       "refundsChecked": 0,
                     *       "errors": 0,
                     *       "durationMs": 41,
                     *       "changes": [
                     *         {
                     *           "paymentId": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *           "orderId": "3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f",
                     *           "from": "open",
                     *           "to": "succeeded"
                     *         }
                     *       ],
                     *       "more": false
                     *     }
                     */
                    "application/json": components["schemas"]["ReconcileReport"];
                };
            };
            /** @description VALIDATION_FAILED: a query string with text the API refuses (a NUL byte); MALFORMED_JSON: a body that is not valid JSON (this route takes no body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description UNAUTHENTICATED: missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnauthenticatedError"];
                };
            };
            /** @description FORBIDDEN: the caller is not admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ForbiddenError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb (this route takes no body) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json (this route takes no body) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
        };
    };
    getCheckoutStatus: {
        parameters: {
            query: {
                /** @description The order the Checkout Session was opened for (the `orderId` of the return URL) */
                orderId: string;
            };
            header?: never;
            path: {
                /** @description The provider’s checkout id from the return URL (Stripe’s `session_id`), or the `paymentId` */
                sessionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The checkout’s state, in words for the customer */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "state": "paid",
                     *       "final": true,
                     *       "title": "Payment received",
                     *       "message": "Thank you! Your order is paid.",
                     *       "orderStatus": "paid",
                     *       "amount": 3448,
                     *       "currency": "usd"
                     *     }
                     */
                    "application/json": components["schemas"]["CheckoutStatus"];
                };
            };
            /** @description VALIDATION_FAILED (malformed session id or orderId); MALFORMED_JSON: a body that is not valid JSON (this route takes no body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ValidationFailedError"] | components["schemas"]["MalformedJsonError"];
                };
            };
            /** @description CHECKOUT_SESSION_NOT_FOUND (unknown, or not this order’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckoutSessionNotFoundError"];
                };
            };
            /** @description PAYLOAD_TOO_LARGE: a body larger than 64kb (this route takes no body) */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PayloadTooLargeError"];
                };
            };
            /** @description UNSUPPORTED_MEDIA_TYPE: a body not sent as application/json (this route takes no body) */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UnsupportedMediaTypeError"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    /** @description Seconds to wait before trying again */
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RateLimitedError"];
                };
            };
        };
    };
}
