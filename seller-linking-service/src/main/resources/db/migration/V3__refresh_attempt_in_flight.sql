-- The refresh of a seller's tokens records, right before it calls /oauth/token, which Vault version's refresh token it
-- is spending. The mark stays until the answer is recorded (the new pair in Vault) or known to have had no effect, so a
-- later refresh whose refresh token is refused while Vault still holds that version knows the answer was lost (a crash
-- between Mercado Pago's answer and the Vault write, or a timed-out call that Mercado Pago carried out): the seller
-- must link again, for a reason of its own (`refresh_answer_lost`). Leases are compared with the database's clock
-- (`clock_timestamp()`), the one clock every replica shares.

ALTER TABLE seller ADD COLUMN pending_refresh_version INTEGER;
ALTER TABLE seller ADD COLUMN pending_refresh_at TIMESTAMPTZ;
