-- payment-service: Checkout Pro preferences the platform created for its sellers (seed 004). `id` is ours, created
-- before Mercado Pago is called: it is the X-Idempotency-Key and the external_reference of the create call, so an
-- unknown outcome is resolved by asking for it, and a payment made on the preference's checkout page is linked to it
-- (payment.preference_id) by its external_reference.
CREATE TABLE preference (
    id                        UUID PRIMARY KEY,
    seller_id                 BIGINT      NOT NULL,
    -- The caller's Idempotency-Key: one preference per key, forever.
    idempotency_key           TEXT        NOT NULL UNIQUE,
    -- SHA-256 of the canonical request: the same key with another request is refused.
    request_fingerprint       TEXT        NOT NULL,
    -- submitting | unknown | created | refused
    state                     TEXT        NOT NULL,
    -- The create request as sent to Mercado Pago, kept only until Mercado Pago's answer is known.
    submission                TEXT,
    mercadopago_preference_id TEXT UNIQUE,
    init_point                TEXT,
    sandbox_init_point        TEXT,
    -- Mercado Pago's last_updated (else date_created) of the answer kept: an older answer never replaces a newer one.
    mercadopago_last_updated  TIMESTAMPTZ,
    -- Mercado Pago's last answer about the preference, exactly as received (JSON text).
    provider_preference       TEXT,
    -- Why Mercado Pago refused the create (a problem as JSON), replayed to a repeated request.
    refusal                   TEXT,
    created_at                TIMESTAMPTZ NOT NULL,
    updated_at                TIMESTAMPTZ NOT NULL
);

CREATE INDEX preference_by_seller ON preference (seller_id, created_at DESC);

-- The payments made on a preference's checkout page.
CREATE INDEX payment_by_preference ON payment (preference_id) WHERE preference_id IS NOT NULL;
