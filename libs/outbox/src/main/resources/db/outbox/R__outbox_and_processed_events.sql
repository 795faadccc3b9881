-- libs/outbox: the outbox and the processed-events table of a service. A repeatable migration, written to be
-- idempotent, so it runs after each service's own versioned migrations and never competes with their numbers.
-- Change it only in ways that keep it idempotent (ADD COLUMN IF NOT EXISTS, CREATE INDEX IF NOT EXISTS).

-- Events waiting for (or already given) the broker's acknowledgement, in commit order of their ids.
CREATE TABLE IF NOT EXISTS outbox (
    id          BIGSERIAL PRIMARY KEY,
    event_id    TEXT        NOT NULL UNIQUE,
    topic       TEXT        NOT NULL,
    message_key TEXT        NOT NULL,
    type        TEXT        NOT NULL,
    source      TEXT        NOT NULL,
    subject     TEXT,
    payload     TEXT        NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    sent_at     TIMESTAMPTZ
);
CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_sent_at ON outbox (sent_at) WHERE sent_at IS NOT NULL;

-- Wakes the relay when a transaction that added events commits (NOTIFY is delivered at commit, never before).
CREATE OR REPLACE FUNCTION outbox_wake_relay() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('outbox', '');
    RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS outbox_wake_relay ON outbox;
CREATE TRIGGER outbox_wake_relay AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_wake_relay();

-- What each consumer processed, by CloudEvent id, written in the same transaction as the effect.
CREATE TABLE IF NOT EXISTS processed_event (
    consumer     TEXT        NOT NULL,
    event_id     TEXT        NOT NULL,
    outcome      TEXT        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX IF NOT EXISTS processed_event_age ON processed_event (processed_at);
