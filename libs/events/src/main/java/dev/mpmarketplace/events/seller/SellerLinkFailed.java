package dev.mpmarketplace.events.seller;

import java.time.OffsetDateTime;

/**
 * Data of {@link SellerEventTypes#LINK_FAILED}: a linking attempt ended without tokens.
 *
 * @param reference the marketplace's own id for the seller who tried
 * @param reason {@code access_denied} (the seller denied), {@code missing_code}, the token exchange's failure
 *        ({@code invalid_grant}, {@code rejected}, {@code rate_limited}, {@code server_error}, {@code timeout},
 *        {@code unreachable}), {@code reference_conflict}, or {@code vault_unavailable} (Mercado Pago granted the
 *        tokens but Vault did not take them in time: the grant is lost and the seller must link again); the list in
 *        docs/asyncapi.yaml
 * @param failedAt when it failed
 */
public record SellerLinkFailed(String reference, String reason, OffsetDateTime failedAt) {
}
