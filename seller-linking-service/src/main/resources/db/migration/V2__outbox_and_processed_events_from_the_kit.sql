-- seller-linking-service moves onto libs/outbox: its own outbox and processed-notification tables become the kit's
-- `outbox` and `processed_event` (the kit's repeatable migration R__outbox_and_processed_events then finds them and
-- adds only its trigger). Unsent events and processed records are kept.

ALTER TABLE outbox_event RENAME TO outbox;
ALTER INDEX outbox_event_unsent RENAME TO outbox_unsent;
ALTER TABLE outbox ADD COLUMN topic TEXT NOT NULL DEFAULT 'sellers.events';
ALTER TABLE outbox ADD COLUMN source TEXT NOT NULL DEFAULT '/seller-linking-service';
ALTER TABLE outbox ALTER COLUMN topic DROP DEFAULT;
ALTER TABLE outbox ALTER COLUMN source DROP DEFAULT;

CREATE TABLE processed_event (
    consumer     TEXT        NOT NULL,
    event_id     TEXT        NOT NULL,
    outcome      TEXT        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
INSERT INTO processed_event (consumer, event_id, outcome, processed_at)
SELECT 'mp-connect', event_id, outcome, processed_at FROM processed_notification;
DROP TABLE processed_notification;
