-- Whose turn it is to run a periodic sweep that every replica schedules (Mercado Libre's missed feeds, the re-read of
-- unsettled orders): one row per sweep, claimed for one period by the replica that runs it. Operational state, not
-- part of the model (a rebuild leaves it alone).
CREATE TABLE sweep_turn (
    sweep   TEXT PRIMARY KEY,
    holder  TEXT        NOT NULL,
    until   TIMESTAMPTZ NOT NULL
);
