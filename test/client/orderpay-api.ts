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
        get: operations["HealthController_live"];
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
        get: operations["HealthController_ready"];
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
        post: operations["AuthController_register"];
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
        post: operations["AuthController_login"];
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
        get: operations["AuthController_me"];
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
        get: operations["ProductsController_list"];
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
        get: operations["ProductsController_get"];
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
        get: operations["AdminProductsController_list"];
        put?: never;
        /** Create a product */
        post: operations["AdminProductsController_create"];
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
        patch: operations["AdminProductsController_update"];
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
        get: operations["OrdersController_list"];
        put?: never;
        /**
         * Place an order
         * @description Only product ids and quantities are accepted: names, unit prices and the total are taken from the catalog. A product listed twice is refused (raise its quantity instead).
         */
        post: operations["OrdersController_create"];
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
        get: operations["OrdersController_get"];
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
         * Open (or reuse) a Stripe Checkout Session for the order’s balance, or a part of it
         * @description Without `amount`, the session is for the balance (`amountDue`); with `amount`, for that part (a deposit, then the balance later). Amounts and currency come from the order in the database, and are checked before the provider is called. Answers 201 with a new session, or 200 with the order’s open one for the same amount (concurrent calls share one session; another amount replaces it). Redirect the customer to `checkoutUrl`; the order becomes `partially_paid` or `paid` only when the provider’s signed webhook arrives.
         */
        post: operations["PaymentsController_pay"];
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
        get: operations["PaymentsController_listPayments"];
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
        post: operations["PaymentsController_cancel"];
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
        post: operations["WebhooksController_receive"];
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
        post: operations["WebhooksController_receivePayPal"];
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
        get: operations["AdminOrdersController_list"];
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
        get: operations["AdminOrdersController_get"];
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
        post: operations["AdminOrdersController_cancel"];
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
        post: operations["AdminOrdersController_refund"];
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
        get: operations["AdminOperationsController_listWebhookEvents"];
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
        post: operations["AdminOperationsController_replay"];
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
        post: operations["AdminOperationsController_runReconciler"];
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
        get: operations["CheckoutStatusController_get"];
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
        ErrorResponseDto: {
            /** @example 400 */
            statusCode: number;
            /**
             * @description The HTTP status text
             * @example Bad Request
             */
            error: string;
            /** @example items.0.quantity must not be greater than 999 */
            message: string;
            /**
             * @description Stable machine code; the route’s responses list which it can answer
             * @example VALIDATION_FAILED
             * @enum {string}
             */
            code: "VALIDATION_FAILED" | "MALFORMED_JSON" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "ROUTE_NOT_FOUND" | "UNAUTHENTICATED" | "INVALID_CREDENTIALS" | "FORBIDDEN" | "RATE_LIMITED" | "EMAIL_TAKEN" | "PRODUCT_NOT_FOUND" | "PRODUCT_UNAVAILABLE" | "SKU_TAKEN" | "ORDER_NOT_FOUND" | "CHECKOUT_SESSION_NOT_FOUND" | "ORDER_TOTAL_OUT_OF_RANGE" | "ORDER_NOT_CANCELABLE" | "ORDER_NOT_PAYABLE" | "ORDER_HAS_PAYMENTS" | "PAYMENT_AMOUNT_OUT_OF_RANGE" | "PARTIAL_PAYMENTS_DISABLED" | "PAYMENT_METHOD_UNSUPPORTED" | "INVALID_TRANSITION" | "PAYMENT_IN_PROGRESS" | "ORDER_NOT_REFUNDABLE" | "REFUND_EXCEEDS_REMAINING" | "WEBHOOK_EVENT_NOT_FOUND" | "WEBHOOK_EVENT_NOT_REPLAYABLE" | "PAYMENT_PROVIDER_UNAVAILABLE" | "PAYMENT_PROVIDER_ERROR" | "WEBHOOK_SIGNATURE_INVALID" | "SERVICE_UNAVAILABLE" | "INTERNAL_ERROR";
            /**
             * @description Per-field problems for VALIDATION_FAILED
             * @example [
             *       {
             *         "field": "items.0.quantity",
             *         "messages": [
             *           "quantity must not be greater than 999"
             *         ]
             *       }
             *     ]
             */
            details?: string[];
            /** @description Request id, to quote when reporting a 5xx */
            requestId?: string;
        };
        RegisterDto: {
            /** @example ada@example.com */
            email: string;
            /**
             * @description 10 to 128 characters, letters plus at least one digit, space or symbol, not a common password
             * @example correct horse battery staple
             */
            password: string;
        };
        UserDto: {
            /** Format: uuid */
            id: string;
            /** @example ada@example.com */
            email: string;
            /**
             * @example customer
             * @enum {string}
             */
            role: "customer" | "admin";
        };
        LoginDto: {
            /** @example ada@example.com */
            email: string;
            /** @example correct horse battery staple */
            password: string;
        };
        TokenDto: {
            /** @example eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9... */
            accessToken: string;
            /**
             * @example Bearer
             * @enum {string}
             */
            tokenType: "Bearer";
            /**
             * @description Seconds until the token expires
             * @example 3600
             */
            expiresIn: number;
        };
        ProductDto: {
            /** Format: uuid */
            id: string;
            /** @example MUG-BLUE */
            sku: string;
            /** @example Blue mug */
            name: string;
            /** @example Stoneware, 350 ml */
            description: string | null;
            /**
             * @description Price in minor units of `currency` (cents; yen for JPY)
             * @example 1299
             */
            unitAmount: number;
            /** @example usd */
            currency: string;
            /** @example true */
            active: boolean;
        };
        PageMetaDto: {
            /** @example 1 */
            page: number;
            /** @example 20 */
            pageSize: number;
            /** @example 42 */
            total: number;
        };
        CreateProductDto: {
            /**
             * @description Letters, digits, dot, dash, underscore; unique
             * @example MUG-BLUE
             */
            sku: string;
            /** @example Blue mug */
            name: string;
            /** @example Stoneware, 350 ml */
            description?: string;
            /**
             * @description Minor units of the shop currency
             * @example 1299
             */
            unitAmount: number;
            /** @default true */
            active?: boolean;
        };
        UpdateProductDto: {
            /**
             * @description Letters, digits, dot, dash, underscore; unique
             * @example MUG-BLUE
             */
            sku?: string;
            /** @example Blue mug */
            name?: string;
            /** @example Stoneware, 350 ml */
            description?: string;
            /**
             * @description Minor units of the shop currency
             * @example 1299
             */
            unitAmount?: number;
            /** @default true */
            active?: boolean;
        };
        CreateOrderItemDto: {
            /**
             * Format: uuid
             * @example 3f1c7d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f
             */
            productId: string;
            /** @example 2 */
            quantity: number;
        };
        CreateOrderDto: {
            items: components["schemas"]["CreateOrderItemDto"][];
        };
        OrderItemDto: {
            /** Format: uuid */
            productId: string;
            /**
             * @description The product name when the order was placed
             * @example Blue mug
             */
            name: string;
            /**
             * @description The unit price when the order was placed, in minor units
             * @example 1299
             */
            unitAmount: number;
            /** @example 2 */
            quantity: number;
            /** @example 2598 */
            lineTotal: number;
        };
        OrderDto: {
            /** Format: uuid */
            id: string;
            /**
             * @example pending
             * @enum {string}
             */
            status: "pending" | "partially_paid" | "paid" | "canceled" | "refunded";
            /** @example usd */
            currency: string;
            /**
             * @description Minor units
             * @example 2598
             */
            totalAmount: number;
            /**
             * @description Minor units paid so far: the parts its payments brought (a deposit, the balance)
             * @example 0
             */
            amountPaid: number;
            /**
             * @description Minor units still to pay: totalAmount − amountPaid while the order takes payments (pending, partially_paid), else 0. `POST /orders/{id}/pay` without an amount charges this.
             * @example 2598
             */
            amountDue: number;
            /**
             * @description Minor units refunded so far
             * @example 0
             */
            amountRefunded: number;
            items: components["schemas"]["OrderItemDto"][];
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description When the whole total was paid
             */
            paidAt: string | null;
            /** Format: date-time */
            canceledAt: string | null;
        };
        PayOrderDto: {
            /**
             * @description The payment method: `stripe` (cards and more on Stripe Checkout) or `paypal` (PayPal Checkout)
             * @example stripe
             */
            paymentMethod: string;
            /**
             * @description Pay a part of the order now (a deposit, one of several cards), in minor units: at least the minimum (the provider’s minimum charge unless the shop sets one), at most the balance, leaving nothing or at least the minimum. Absent: the whole balance.
             * @example 3600
             */
            amount?: number;
        };
        CheckoutDto: {
            /** Format: uuid */
            paymentId: string;
            /** Format: uuid */
            orderId: string;
            /** @example stripe */
            provider: string;
            /**
             * @example open
             * @enum {string}
             */
            status: "creating" | "open" | "processing" | "succeeded" | "failed" | "expired" | "canceled";
            /**
             * @description What this checkout charges, in minor units
             * @example 3600
             */
            amount: number;
            /** @example usd */
            currency: string;
            /**
             * @description Send the customer here
             * @example https://checkout.stripe.com/c/pay/cs_test_a1b2c3
             */
            checkoutUrl: string;
            /** Format: date-time */
            expiresAt: string;
        };
        PaymentDto: {
            /** Format: uuid */
            id: string;
            /** @example stripe */
            provider: string;
            /** @enum {string} */
            status: "creating" | "open" | "processing" | "succeeded" | "failed" | "expired" | "canceled";
            /** @example 2598 */
            amount: number;
            /** @example usd */
            currency: string;
            /** @example 0 */
            amountRefunded: number;
            /** @description Only while the attempt is open */
            checkoutUrl: string | null;
            /** Format: date-time */
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
            /** Format: date-time */
            createdAt: string;
        };
        OrderFlagDto: {
            /** @enum {string} */
            kind: "amount_mismatch" | "late_payment" | "dispute" | "refund_failed" | "payment_unreadable" | "refund_stuck";
            /**
             * @description The provider object the flag is about
             * @example du_1Nk…
             */
            reference: string;
            /**
             * @example {
             *       "amount": 2598,
             *       "reason": "fraudulent",
             *       "status": "needs_response"
             *     }
             */
            details: Record<string, never>;
            /** Format: date-time */
            createdAt: string;
        };
        AdminOrderSummaryDto: {
            /** Format: uuid */
            id: string;
            /**
             * @example pending
             * @enum {string}
             */
            status: "pending" | "partially_paid" | "paid" | "canceled" | "refunded";
            /** @example usd */
            currency: string;
            /**
             * @description Minor units
             * @example 2598
             */
            totalAmount: number;
            /**
             * @description Minor units paid so far: the parts its payments brought (a deposit, the balance)
             * @example 0
             */
            amountPaid: number;
            /**
             * @description Minor units still to pay: totalAmount − amountPaid while the order takes payments (pending, partially_paid), else 0. `POST /orders/{id}/pay` without an amount charges this.
             * @example 2598
             */
            amountDue: number;
            /**
             * @description Minor units refunded so far
             * @example 0
             */
            amountRefunded: number;
            items: components["schemas"]["OrderItemDto"][];
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description When the whole total was paid
             */
            paidAt: string | null;
            /** Format: date-time */
            canceledAt: string | null;
            /** Format: uuid */
            userId: string;
            /** @example ada@example.com */
            userEmail: string;
            flags: components["schemas"]["OrderFlagDto"][];
        };
        AuditEntryDto: {
            /** @enum {string} */
            fromStatus: "pending" | "partially_paid" | "paid" | "canceled" | "refunded";
            /** @enum {string} */
            toStatus: "pending" | "partially_paid" | "paid" | "canceled" | "refunded";
            /**
             * @description user:<id>, admin:<id>, stripe_event:<id> or reconciler
             * @example stripe_event:evt_1Nk…
             */
            cause: string;
            /**
             * @description The order’s amountPaid after this change (null on entries older than partial payments)
             * @example 3600
             */
            amountPaid: number | null;
            /**
             * @description The order’s amountRefunded after this change
             * @example 0
             */
            amountRefunded: number | null;
            /** Format: date-time */
            at: string;
        };
        AdminPaymentDto: {
            /** Format: uuid */
            id: string;
            /** @example stripe */
            provider: string;
            /** @enum {string} */
            status: "creating" | "open" | "processing" | "succeeded" | "failed" | "expired" | "canceled";
            /** @example 2598 */
            amount: number;
            /** @example usd */
            currency: string;
            /** @example 0 */
            amountRefunded: number;
            /** @description Only while the attempt is open */
            checkoutUrl: string | null;
            /** Format: date-time */
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
            /** Format: date-time */
            createdAt: string;
            /**
             * @description The details behind failureCode (a provider error, an amount that did not match)
             * @example null
             */
            failureReason: string | null;
            /**
             * @description What the provider reports it took; differs from amount only for a payment flagged amount_mismatch
             * @example 2598
             */
            receivedAmount: number | null;
            /** @example usd */
            receivedCurrency: string | null;
            /**
             * @description The part of this payment its order took: all of it, or less (none) when it paid past the total or arrived after the order stopped taking payments; the rest is refunded automatically
             * @example 2598
             */
            amountApplied: number;
        };
        RefundDto: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            paymentId: string;
            /** @example 500 */
            amount: number;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed" | "canceled";
            /** @enum {string|null} */
            reason: "requested_by_customer" | "duplicate" | "fraudulent" | "late_payment" | "order_canceled" | "provider_dashboard" | null;
            /**
             * @description user:<id> or admin:<id>, system:late_payment or provider (dashboard)
             * @example user:3f1c…
             */
            requestedBy: string;
            /** @example re_3Nk… */
            providerRefundId: string | null;
            failureReason: string | null;
            /** Format: date-time */
            createdAt: string;
        };
        WebhookEventDto: {
            /**
             * Format: uuid
             * @description The inbox row id (used by replay)
             */
            id: string;
            /** @example stripe */
            provider: string;
            /** @example evt_1Nk… */
            eventId: string;
            /** @example checkout.session.completed */
            type: string;
            /** @enum {string} */
            status: "received" | "processed" | "ignored" | "failed";
            /** Format: uuid */
            orderId: string | null;
            /** @example 1 */
            attempts: number;
            /** @example QueryFailedError: … */
            lastError: string | null;
            /** Format: date-time */
            receivedAt: string;
            /** Format: date-time */
            processedAt: string | null;
        };
        AdminOrderDetailDto: {
            /** Format: uuid */
            id: string;
            /**
             * @example pending
             * @enum {string}
             */
            status: "pending" | "partially_paid" | "paid" | "canceled" | "refunded";
            /** @example usd */
            currency: string;
            /**
             * @description Minor units
             * @example 2598
             */
            totalAmount: number;
            /**
             * @description Minor units paid so far: the parts its payments brought (a deposit, the balance)
             * @example 0
             */
            amountPaid: number;
            /**
             * @description Minor units still to pay: totalAmount − amountPaid while the order takes payments (pending, partially_paid), else 0. `POST /orders/{id}/pay` without an amount charges this.
             * @example 2598
             */
            amountDue: number;
            /**
             * @description Minor units refunded so far
             * @example 0
             */
            amountRefunded: number;
            items: components["schemas"]["OrderItemDto"][];
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description When the whole total was paid
             */
            paidAt: string | null;
            /** Format: date-time */
            canceledAt: string | null;
            /** Format: uuid */
            userId: string;
            /** @example ada@example.com */
            userEmail: string;
            flags: components["schemas"]["OrderFlagDto"][];
            /** @description Every change of status or of the paid and refunded amounts, oldest first */
            auditTrail: components["schemas"]["AuditEntryDto"][];
            /** @description Payment attempts, oldest first */
            payments: components["schemas"]["AdminPaymentDto"][];
            /** @description Refunds, newest first */
            refunds: components["schemas"]["RefundDto"][];
            /** @description Provider events about this order, oldest first */
            webhookEvents: components["schemas"]["WebhookEventDto"][];
        };
        RequestRefundDto: {
            /**
             * @description Minor units; absent refunds everything not yet refunded
             * @example 500
             */
            amount?: number;
            /**
             * @default requested_by_customer
             * @enum {string}
             */
            reason?: "requested_by_customer" | "duplicate" | "fraudulent";
        };
        RefundPartDto: {
            /** Format: uuid */
            refundId: string;
            /**
             * Format: uuid
             * @description The payment it gives money back from
             */
            paymentId: string;
            /**
             * @example pending
             * @enum {string}
             */
            status: "pending" | "succeeded" | "failed" | "canceled";
            /** @example 500 */
            amount: number;
            /**
             * @description Why the provider refused it
             * @example null
             */
            failureReason: string | null;
        };
        RefundAcceptedDto: {
            /**
             * @description The whole refund, in minor units
             * @example 500
             */
            amount: number;
            /** @description One refund per payment it takes from, newest payment first (an order paid in parts has several) */
            refunds: components["schemas"]["RefundPartDto"][];
        };
        CheckoutStatusDto: {
            /**
             * @description `confirming`: paid at Checkout, the confirmation has not arrived yet; `processing`: a bank payment that settles later (days); the others are final for this checkout
             * @enum {string}
             */
            state: "paid" | "partially_paid" | "confirming" | "processing" | "failed" | "expired" | "canceled" | "refunded";
            /** @description True when waiting changes nothing any more: stop polling */
            final: boolean;
            /** @example Payment received */
            title: string;
            /**
             * @description A sentence for the customer
             * @example Thank you! Your order is paid.
             */
            message: string;
            /** @enum {string} */
            orderStatus: "pending" | "partially_paid" | "paid" | "canceled" | "refunded";
            /**
             * @description What this checkout charges, in minor units: the order total, or the part it pays (a deposit, the balance)
             * @example 3448
             */
            amount: number;
            /** @example usd */
            currency: string;
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
    HealthController_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
        };
    };
    HealthController_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description SERVICE_UNAVAILABLE: a dependency does not answer; `message` names it */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "statusCode": 503,
                     *       "error": "Service Unavailable",
                     *       "message": "Not ready: database down",
                     *       "code": "SERVICE_UNAVAILABLE"
                     *     }
                     */
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    AuthController_register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RegisterDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            /** @description VALIDATION_FAILED: weak password, malformed email, extra fields */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description EMAIL_TAKEN */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    AuthController_login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["LoginDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TokenDto"];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description INVALID_CREDENTIALS */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    AuthController_me: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserDto"];
                };
            };
            /** @description Missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    ProductsController_list: {
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
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ProductDto"][];
                        meta: components["schemas"]["PageMetaDto"];
                    };
                };
            };
            /** @description Invalid query or id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    ProductsController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductDto"];
                };
            };
            /** @description Invalid query or id */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PRODUCT_NOT_FOUND (also for inactive products) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    AdminProductsController_list: {
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
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["ProductDto"][];
                        meta: components["schemas"]["PageMetaDto"];
                    };
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description The caller is not admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    AdminProductsController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateProductDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductDto"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description The caller is not admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description SKU_TAKEN */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    AdminProductsController_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateProductDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProductDto"];
                };
            };
            /** @description Invalid input */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description The caller is not admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PRODUCT_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description SKU_TAKEN */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    OrdersController_list: {
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
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["OrderDto"][];
                        meta: components["schemas"]["PageMetaDto"];
                    };
                };
            };
            /** @description VALIDATION_FAILED / MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    OrdersController_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateOrderDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderDto"];
                };
            };
            /** @description VALIDATION_FAILED / MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PRODUCT_NOT_FOUND, PRODUCT_UNAVAILABLE, ORDER_TOTAL_OUT_OF_RANGE */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    OrdersController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderDto"];
                };
            };
            /** @description VALIDATION_FAILED / MALFORMED_JSON */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description ORDER_NOT_FOUND (also for another user’s order) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    PaymentsController_pay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PayOrderDto"];
            };
        };
        responses: {
            /** @description The order’s open Checkout Session, reused */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckoutDto"];
                };
            };
            /** @description A new Checkout Session */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckoutDto"];
                };
            };
            /** @description VALIDATION_FAILED (malformed id or body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description ORDER_NOT_FOUND (also for another user’s order) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description ORDER_NOT_PAYABLE (paid in full, canceled or refunded), PAYMENT_IN_PROGRESS */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PAYMENT_AMOUNT_OUT_OF_RANGE (below the minimum, above the balance, or leaving less than the minimum; the message names the limits), PARTIAL_PAYMENTS_DISABLED, ORDER_TOTAL_OUT_OF_RANGE, ORDER_NOT_PAYABLE (no items) */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PAYMENT_PROVIDER_ERROR */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PAYMENT_PROVIDER_UNAVAILABLE: try again */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    PaymentsController_listPayments: {
        parameters: {
            query?: {
                page?: number;
                pageSize?: number;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["PaymentDto"][];
                        meta: components["schemas"]["PageMetaDto"];
                    };
                };
            };
            /** @description VALIDATION_FAILED (malformed id or body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description ORDER_NOT_FOUND (also for another user’s order) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    PaymentsController_cancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderDto"];
                };
            };
            /** @description VALIDATION_FAILED (malformed id or body) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description ORDER_NOT_FOUND (also for another user’s order) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description ORDER_HAS_PAYMENTS (a part is paid: the shop can cancel it and refund), ORDER_NOT_CANCELABLE (paid, or its payment completed meanwhile), PAYMENT_IN_PROGRESS */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PAYMENT_PROVIDER_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    WebhooksController_receive: {
        parameters: {
            query?: never;
            header: {
                "Stripe-Signature": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description WEBHOOK_SIGNATURE_INVALID: missing, malformed, wrong or stale signature */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Processing failed (nothing kept); Stripe retries */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    WebhooksController_receivePayPal: {
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
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description WEBHOOK_SIGNATURE_INVALID: missing headers, or PayPal did not verify the delivery */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Processing failed (nothing kept); PayPal retries */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PAYMENT_PROVIDER_UNAVAILABLE: PayPal could not be asked to verify it; PayPal retries */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    AdminOrdersController_list: {
        parameters: {
            query?: {
                page?: number;
                pageSize?: number;
                status?: "pending" | "partially_paid" | "paid" | "canceled" | "refunded";
                /** @description true: only orders flagged for review (mismatch, late payment, dispute) */
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
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["AdminOrderSummaryDto"][];
                        meta: components["schemas"]["PageMetaDto"];
                    };
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description The caller is not admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    AdminOrdersController_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdminOrderDetailDto"];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description The caller is not admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description ORDER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    AdminOrdersController_cancel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OrderDto"];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description The caller is not admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description ORDER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description ORDER_NOT_CANCELABLE (paid in full, canceled or refunded; refund it instead), PAYMENT_IN_PROGRESS */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    AdminOrdersController_refund: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RequestRefundDto"];
            };
        };
        responses: {
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RefundAcceptedDto"];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description Missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description The caller is not admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description ORDER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description ORDER_NOT_REFUNDABLE: nothing paid, or nothing left */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description REFUND_EXCEEDS_REMAINING */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description PAYMENT_PROVIDER_ERROR: Stripe refused the refund */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    AdminOperationsController_listWebhookEvents: {
        parameters: {
            query?: {
                page?: number;
                pageSize?: number;
                status?: "received" | "processed" | "ignored" | "failed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: components["schemas"]["WebhookEventDto"][];
                        meta: components["schemas"]["PageMetaDto"];
                    };
                };
            };
            /** @description Missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description The caller is not admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    AdminOperationsController_replay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEventDto"];
                };
            };
            /** @description Missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description The caller is not admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description WEBHOOK_EVENT_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description WEBHOOK_EVENT_NOT_REPLAYABLE: already processed or ignored */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    AdminOperationsController_runReconciler: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": unknown;
                };
            };
            /** @description Missing, expired or invalid bearer token */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description The caller is not admin */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
    CheckoutStatusController_get: {
        parameters: {
            query: {
                /** @description The order the Checkout Session was opened for (the `orderId` of the return URL) */
                orderId: string;
            };
            header?: never;
            path: {
                sessionId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CheckoutStatusDto"];
                };
            };
            /** @description VALIDATION_FAILED (malformed session id or orderId) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description CHECKOUT_SESSION_NOT_FOUND (unknown, or not this order’s) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponseDto"];
                };
            };
        };
    };
}
