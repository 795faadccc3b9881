-- order-projection-service: the order read model. Every column of the four model tables (orders, order_payments,
-- order_refunds, order_timeline) is a function of the facts applied, in their order, and of nothing else (no clock,
-- no sequence): replaying the fact log (order-projection-service.facts) into empty tables rebuilds them identically.
-- Lists and objects are JSON text (MarketplaceJson, written by the service), compared as text in a rebuild.
-- Operational state (what to fetch again) lives in mercadolibre_refetch, which a rebuild does not touch.

-- One order: a Mercado Libre order (fetched), or the marketplace's own (known from its payments), by seller and
-- reference (the Mercado Libre order id, or the payments' external_reference).
CREATE TABLE orders (
    id                    UUID PRIMARY KEY,
    seller_id             BIGINT      NOT NULL,
    reference             TEXT        NOT NULL,
    origin                TEXT        NOT NULL CHECK (origin IN ('MERCADOLIBRE', 'MARKETPLACE')),
    mercadolibre_order_id BIGINT,
    status                TEXT        NOT NULL,
    status_detail         TEXT,
    visible_to_seller     BOOLEAN     NOT NULL,
    site_id               TEXT,
    currency_id           TEXT,
    total_amount          NUMERIC,
    paid_amount           NUMERIC,
    refunded_amount       NUMERIC,
    tags                  TEXT        NOT NULL,
    seller_nickname       TEXT,
    buyer_id              BIGINT,
    buyer_nickname        TEXT,
    buyer_first_name      TEXT,
    buyer_last_name       TEXT,
    buyer_email           TEXT,
    items                 TEXT        NOT NULL,
    cancel_detail         TEXT,
    pack_id               BIGINT,
    shipping_id           BIGINT,
    date_created          TIMESTAMPTZ,
    date_closed           TIMESTAMPTZ,
    last_updated          TIMESTAMPTZ,
    mercadolibre_last_updated TIMESTAMPTZ,
    mercadolibre_fact_id  TEXT,
    version               BIGINT      NOT NULL,
    timeline_size         INTEGER     NOT NULL,
    changed_at            TIMESTAMPTZ NOT NULL,
    UNIQUE (seller_id, reference)
);
-- The seller's views: newest first, keyset (date_created, id), only what the seller may see.
CREATE INDEX orders_seller_view ON orders (seller_id, date_created DESC, id DESC) WHERE visible_to_seller;
CREATE INDEX orders_mercadolibre_id ON orders (mercadolibre_order_id) WHERE mercadolibre_order_id IS NOT NULL;
-- The re-read of Mercado Libre orders that may still change.
CREATE INDEX orders_unsettled ON orders (changed_at)
    WHERE origin = 'MERCADOLIBRE'
      AND status IN ('confirmed', 'payment_required', 'payment_in_process', 'partially_paid', 'pending_cancel');

-- A payment of an order: Mercado Pago's payment id when known, else the platform's ("platform:<id>").
CREATE TABLE order_payments (
    order_id               UUID        NOT NULL REFERENCES orders (id),
    payment_key            TEXT        NOT NULL,
    seller_id              BIGINT      NOT NULL,
    mercadopago_payment_id BIGINT,
    payment_id             TEXT,
    status                 TEXT        NOT NULL,
    status_detail          TEXT,
    transaction_amount     NUMERIC,
    total_paid_amount      NUMERIC,
    refunded_amount        NUMERIC,
    currency_id            TEXT,
    payment_method_id      TEXT,
    payment_type           TEXT,
    installments           INTEGER,
    operation_type         TEXT,
    tags                   TEXT        NOT NULL,
    date_created           TIMESTAMPTZ,
    date_approved          TIMESTAMPTZ,
    date_last_modified     TIMESTAMPTZ,
    source                 TEXT        NOT NULL,
    PRIMARY KEY (order_id, payment_key)
);
-- A refund names its Mercado Pago payment only: this finds the payment's order.
CREATE INDEX order_payments_by_mercadopago_id ON order_payments (seller_id, mercadopago_payment_id)
    WHERE mercadopago_payment_id IS NOT NULL;

CREATE TABLE order_refunds (
    order_id               UUID        NOT NULL REFERENCES orders (id),
    refund_id              BIGINT      NOT NULL,
    mercadopago_payment_id BIGINT      NOT NULL,
    amount                 NUMERIC     NOT NULL,
    currency_id            TEXT,
    refunded_at            TIMESTAMPTZ,
    PRIMARY KEY (order_id, refund_id)
);

-- Every change, in the order it was applied, with its cause.
CREATE TABLE order_timeline (
    order_id       UUID        NOT NULL REFERENCES orders (id),
    seq            INTEGER     NOT NULL,
    kind           TEXT        NOT NULL,
    subject        TEXT,
    from_value     TEXT,
    to_value       TEXT,
    amount         NUMERIC,
    at             TIMESTAMPTZ,
    observed_at    TIMESTAMPTZ NOT NULL,
    cause_kind     TEXT        NOT NULL,
    cause_event_id TEXT,
    cause_topic    TEXT,
    fact_id        TEXT        NOT NULL,
    PRIMARY KEY (order_id, seq)
);

-- Mercado Libre orders to fetch again: a notification whose fetch failed in a way a later try may not (the order not
-- yet readable, the seller's token refused, Mercado Libre unavailable for longer than the consumer waits).
CREATE TABLE mercadolibre_refetch (
    mercadolibre_order_id BIGINT PRIMARY KEY,
    seller_id             BIGINT      NOT NULL,
    cause_kind            TEXT        NOT NULL,
    cause_event_id        TEXT,
    cause_topic           TEXT,
    attempts              INTEGER     NOT NULL,
    next_attempt_at       TIMESTAMPTZ NOT NULL,
    last_failure          TEXT        NOT NULL,
    first_failed_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX mercadolibre_refetch_due ON mercadolibre_refetch (next_attempt_at);
