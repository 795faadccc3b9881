-- seller-linking-service schema. Tokens are never stored here: they live in Vault at sellers/<user_id>.

CREATE TABLE seller (
    user_id                 BIGINT PRIMARY KEY,
    reference               TEXT        NOT NULL,
    status                  TEXT        NOT NULL CHECK (status IN ('LINKED', 'REAUTHORIZATION_REQUIRED', 'UNLINKED')),
    live_mode               BOOLEAN,
    scope                   TEXT,
    linked_at               TIMESTAMPTZ NOT NULL,
    token_expires_at        TIMESTAMPTZ,
    last_refresh_at         TIMESTAMPTZ,
    unlinked_at             TIMESTAMPTZ,
    secret_version          INTEGER,
    refresh_failures        INTEGER     NOT NULL DEFAULT 0,
    next_refresh_attempt_at TIMESTAMPTZ,
    last_refresh_error      TEXT,
    lease_owner             TEXT,
    lease_until             TIMESTAMPTZ,
    updated_at              TIMESTAMPTZ NOT NULL,
    version                 BIGINT      NOT NULL DEFAULT 0
);
CREATE INDEX seller_refresh_due ON seller (token_expires_at) WHERE status = 'LINKED';
CREATE INDEX seller_status ON seller (status, user_id);

-- A started link; the state itself is never stored, only its SHA-256.
CREATE TABLE link_attempt (
    state_hash    TEXT PRIMARY KEY,
    reference     TEXT        NOT NULL,
    return_to     TEXT,
    code_verifier TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    used_at       TIMESTAMPTZ
);
CREATE INDEX link_attempt_expiry ON link_attempt (expires_at);

-- Seller events waiting for (or already given) the broker's acknowledgement.
CREATE TABLE outbox_event (
    id          BIGSERIAL PRIMARY KEY,
    event_id    TEXT        NOT NULL UNIQUE,
    type        TEXT        NOT NULL,
    subject     TEXT,
    message_key TEXT        NOT NULL,
    payload     TEXT        NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    sent_at     TIMESTAMPTZ
);
CREATE INDEX outbox_event_unsent ON outbox_event (id) WHERE sent_at IS NULL;

-- mp-connect notifications handled, by CloudEvent id (consumer idempotency).
CREATE TABLE processed_notification (
    event_id     TEXT PRIMARY KEY,
    user_id      BIGINT,
    action       TEXT,
    outcome      TEXT        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL
);
