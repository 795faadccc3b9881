-- Links start from the marketplace's backend (POST /sellers/links): a single-use URL per link, stored as the SHA-256
-- of its token. And one marketplace reference per linked seller: a Mercado Pago account cannot be bound to a second
-- marketplace seller, nor a marketplace seller to a second account, while linked.

CREATE TABLE link_invitation (
    token_hash   TEXT PRIMARY KEY,
    reference    TEXT        NOT NULL,
    return_to    TEXT,
    requested_by TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    used_at      TIMESTAMPTZ
);
CREATE INDEX link_invitation_expiry ON link_invitation (expires_at);

CREATE UNIQUE INDEX seller_one_linked_account_per_reference ON seller (reference) WHERE status <> 'UNLINKED';
