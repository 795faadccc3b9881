package dev.mpmarketplace.ingest.service;

import java.time.OffsetDateTime;

/**
 * One HTTP request to {@code POST /webhooks/mercadopago}, as received.
 *
 * @param dataId the {@code data.id} query parameter (Webhooks format), decoded, case untouched, or {@code null}
 * @param type the {@code type} query parameter (Webhooks format), or {@code null}
 * @param ipnTopic the {@code topic} query parameter (legacy IPN), or {@code null}
 * @param ipnId the {@code id} query parameter (legacy IPN), or {@code null}
 * @param signature the {@code x-signature} header, or {@code null}; never logged
 * @param requestId the {@code x-request-id} header, or {@code null}
 * @param contentType the {@code Content-Type} header, or {@code null}
 * @param body the body bytes, possibly empty
 * @param receivedAt when the request arrived
 */
public record MercadoPagoDelivery(String dataId, String type, String ipnTopic, String ipnId, String signature,
        String requestId, String contentType, byte[] body, OffsetDateTime receivedAt) {

    /**
     * Whether this is a legacy IPN notification: the query names a {@code topic} and carries neither of the Webhooks
     * parameters ({@code data.id}, {@code type}).
     */
    public boolean isIpn() {
        return ipnTopic != null && dataId == null && type == null;
    }
}
