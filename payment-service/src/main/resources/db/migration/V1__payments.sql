-- payment-service: payments (ours and those a notification named), their status timeline, the captures, cancellations
-- and refunds asked of Mercado Pago, the refunds observed there, and what the service knows of each seller's link.
-- The outbox and processed-event tables come from libs/outbox (repeatable migration R__outbox_and_processed_events).
-- Amounts are NUMERIC without a scale: PostgreSQL keeps the scale they were written with, so 10.50 reads back 10.50.

-- A payment. `id` is ours, created before Mercado Pago is called: it is the X-Idempotency-Key and the
-- external_reference of the create call, so an unknown outcome is resolved by asking for it.
CREATE TABLE payment (
    id                          UUID PRIMARY KEY,
    seller_id                   BIGINT      NOT NULL,
    -- 'platform' (POST /payments or a create command) or 'external' (made elsewhere, e.g. a checkout page)
    origin                      TEXT        NOT NULL,
    -- The caller's Idempotency-Key (HTTP header or command field): one payment per key, forever.
    idempotency_key             TEXT UNIQUE,
    -- SHA-256 of the canonical request without the key: the same key with another request is refused.
    request_fingerprint         TEXT,
    -- The create request as sent to Mercado Pago, kept only until Mercado Pago's answer is known: resolving an
    -- unknown outcome may have to send it again with the same key. It holds the single-use card token.
    submission                  TEXT,
    -- submitting | unknown | refused (ours) or Mercado Pago's status
    status                      TEXT        NOT NULL,
    status_detail               TEXT,
    mercadopago_payment_id      BIGINT UNIQUE,
    external_reference          TEXT,
    transaction_amount          NUMERIC,
    currency_id                 TEXT,
    application_fee             NUMERIC,
    transaction_amount_refunded NUMERIC     NOT NULL DEFAULT 0,
    captured                    BOOLEAN,
    -- Mercado Pago's date_last_updated of the answer applied last: the order of two answers about one payment.
    mercadopago_last_updated    TIMESTAMPTZ,
    -- The last applied answer of Mercado Pago, exactly as received (JSON text).
    provider_payment            TEXT,
    -- Why Mercado Pago refused the create (a problem as JSON), replayed to a repeated request.
    refusal                     TEXT,
    -- Set by the preference part when the payment was made on a checkout page of one of our preferences.
    preference_id               TEXT,
    created_at                  TIMESTAMPTZ NOT NULL,
    updated_at                  TIMESTAMPTZ NOT NULL,
    -- submitting / unknown: when the resolver asks Mercado Pago next, and how often it asked.
    next_resolution_at          TIMESTAMPTZ,
    resolution_attempts         INT         NOT NULL DEFAULT 0,
    -- The number of changes applied (events carry it).
    change_count                BIGINT      NOT NULL DEFAULT 0
);
CREATE INDEX payment_listing ON payment (created_at DESC, id DESC);
CREATE INDEX payment_seller_listing ON payment (seller_id, created_at DESC, id DESC);
CREATE INDEX payment_external_reference ON payment (external_reference);
CREATE INDEX payment_unresolved ON payment (next_resolution_at) WHERE status IN ('submitting', 'unknown');
CREATE INDEX payment_open ON payment (seller_id) WHERE status IN ('pending', 'in_process', 'authorized',
    'in_mediation');

-- Every status a payment was observed in, in the order applied, with what told us.
CREATE TABLE payment_status_change (
    id                       BIGSERIAL PRIMARY KEY,
    payment_id               UUID        NOT NULL REFERENCES payment (id),
    seq                      INT         NOT NULL,
    status                   TEXT        NOT NULL,
    status_detail            TEXT,
    -- request | api_answer | notification | sweep
    source                   TEXT        NOT NULL,
    observed_at              TIMESTAMPTZ NOT NULL,
    mercadopago_last_updated TIMESTAMPTZ,
    UNIQUE (payment_id, seq)
);

-- A capture, cancellation or refund asked of Mercado Pago. `id` is ours: the X-Idempotency-Key of a refund.
CREATE TABLE payment_operation (
    id                    UUID PRIMARY KEY,
    payment_id            UUID        NOT NULL REFERENCES payment (id),
    -- capture | cancel | refund
    kind                  TEXT        NOT NULL,
    idempotency_key       TEXT        NOT NULL,
    request_fingerprint   TEXT        NOT NULL,
    amount                NUMERIC,
    -- submitting | unknown | done | refused
    state                 TEXT        NOT NULL,
    mercadopago_refund_id BIGINT,
    refusal               TEXT,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    next_resolution_at    TIMESTAMPTZ,
    resolution_attempts   INT         NOT NULL DEFAULT 0,
    UNIQUE (kind, idempotency_key)
);
CREATE INDEX payment_operation_payment ON payment_operation (payment_id, created_at);
CREATE INDEX payment_operation_unresolved ON payment_operation (next_resolution_at)
    WHERE state IN ('submitting', 'unknown');

-- The refunds Mercado Pago lists for a payment, each observed once (one "refunded" event each).
CREATE TABLE payment_refund (
    refund_id    BIGINT PRIMARY KEY,
    payment_id   UUID        NOT NULL REFERENCES payment (id),
    amount       NUMERIC     NOT NULL,
    refunded_at  TIMESTAMPTZ,
    operation_id UUID REFERENCES payment_operation (id),
    observed_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX payment_refund_payment ON payment_refund (payment_id);

-- What the service knows of a seller: the link's state from sellers.events (an UNLINKED seller is never called for),
-- and the reconciliation sweep's position and lease.
CREATE TABLE seller (
    seller_id         BIGINT PRIMARY KEY,
    -- LINKED | REAUTHORIZATION_REQUIRED | UNLINKED
    link_status       TEXT        NOT NULL,
    link_changed_at   TIMESTAMPTZ NOT NULL,
    -- Mercado Pago's date_last_updated of the newest change the sweep applied (as Mercado Pago wrote it).
    swept_until       TEXT,
    last_swept_at     TIMESTAMPTZ,
    sweep_lease_owner TEXT,
    sweep_lease_until TIMESTAMPTZ
);
