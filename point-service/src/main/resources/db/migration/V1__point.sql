-- point-service schema. No token and no integrator key is ever stored here: sellers' tokens live in Vault at
-- sellers/<user_id> (seller-linking-service), their Point integrator keys at point-integrators/<user_id> (this service).
-- The outbox and processed_event tables come from libs/outbox (repeatable migration R__outbox_and_processed_events).

-- A seller's Point set-up: switched on by the marketplace (PUT /sellers/{id}/point), with the API its intents use and
-- the registration of its integrator webhook (Integration API only), retried until it passes.
CREATE TABLE point_seller (
    seller_id             BIGINT PRIMARY KEY,
    enabled               BOOLEAN     NOT NULL,
    adapter               TEXT        NOT NULL CHECK (adapter IN ('INTEGRATION_API', 'ORDERS_API')),
    site_id               TEXT,
    currency              TEXT,
    registration          TEXT        NOT NULL CHECK (registration IN ('NOT_REQUIRED', 'PENDING', 'REGISTERED',
                                                                       'FAILED', 'SELLER_NOT_LINKED')),
    webhook_url           TEXT,
    registration_attempts INTEGER     NOT NULL DEFAULT 0,
    last_attempt_at       TIMESTAMPTZ,
    next_attempt_at       TIMESTAMPTZ,
    last_error            TEXT,
    registered_at         TIMESTAMPTZ,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    version               BIGINT      NOT NULL DEFAULT 0
);
CREATE INDEX point_seller_registration_due ON point_seller (next_attempt_at)
    WHERE registration IN ('PENDING', 'FAILED');

-- The devices of each seller as Mercado Pago listed them last (a cache, refreshed on demand or when stale).
CREATE TABLE device (
    seller_id                BIGINT      NOT NULL,
    device_id                TEXT        NOT NULL,
    pos_id                   BIGINT,
    store_id                 TEXT,
    external_pos_id          TEXT,
    operating_mode           TEXT        NOT NULL,
    requested_operating_mode TEXT,
    refreshed_at             TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (seller_id, device_id)
);

-- Payment and refund intents. `state` only moves forward (Intent's methods); `occupies_device` is true while the
-- intent holds its device, and at most one intent holds a device: the unique index is what keeps "one queued intent
-- per device" true across replicas.
CREATE TABLE intent (
    id                  UUID PRIMARY KEY,
    seller_id           BIGINT        NOT NULL,
    kind                TEXT          NOT NULL CHECK (kind IN ('PAYMENT', 'REFUND')),
    adapter             TEXT          NOT NULL CHECK (adapter IN ('INTEGRATION_API', 'ORDERS_API')),
    device_id           TEXT          NOT NULL,
    state               TEXT          NOT NULL CHECK (state IN ('PENDING', 'OPEN', 'ON_TERMINAL', 'PROCESSING',
                                                                'CONFIRMATION_REQUIRED', 'FINISHED', 'REJECTED',
                                                                'ERROR', 'CANCELED', 'ABANDONED', 'REFUNDED',
                                                                'REFUSED')),
    occupies_device     BOOLEAN       NOT NULL,
    idempotency_key     TEXT          NOT NULL,
    request_hash        TEXT          NOT NULL,
    mercadopago_id      TEXT,
    amount              NUMERIC(19, 2) NOT NULL,
    currency            TEXT,
    description         TEXT,
    external_reference  TEXT,
    installments        INTEGER,
    payment_type        TEXT,
    refund_of           UUID REFERENCES intent (id),
    payment_id          BIGINT,
    payment_status      TEXT,
    creation_failure    TEXT,
    refusal_reason      TEXT,
    refusal_detail      TEXT,
    queued_intent_id    TEXT,
    cancel_requested_at TIMESTAMPTZ,
    next_check_at       TIMESTAMPTZ,
    created_at          TIMESTAMPTZ   NOT NULL,
    updated_at          TIMESTAMPTZ   NOT NULL,
    finished_at         TIMESTAMPTZ,
    version             BIGINT        NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX intent_idempotency ON intent (seller_id, kind, idempotency_key);
CREATE UNIQUE INDEX intent_one_per_device ON intent (device_id) WHERE occupies_device;
CREATE INDEX intent_mercadopago ON intent (mercadopago_id) WHERE mercadopago_id IS NOT NULL;
CREATE INDEX intent_check_due ON intent (next_check_at) WHERE next_check_at IS NOT NULL;
CREATE INDEX intent_seller_page ON intent (seller_id, created_at DESC, id DESC);
CREATE INDEX intent_refund_of ON intent (refund_of) WHERE refund_of IS NOT NULL;

-- Every change of an intent, with what caused it: the timeline GET /intents/{id} shows.
CREATE TABLE intent_change (
    id          BIGSERIAL PRIMARY KEY,
    intent_id   UUID        NOT NULL REFERENCES intent (id),
    from_state  TEXT,
    to_state    TEXT        NOT NULL,
    source      TEXT        NOT NULL,
    detail      TEXT,
    event_id    TEXT,
    changed_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX intent_change_intent ON intent_change (intent_id, id);
