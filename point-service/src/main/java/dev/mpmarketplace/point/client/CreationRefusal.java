package dev.mpmarketplace.point.client;

/**
 * Mercado Pago refused to queue an intent, certainly (nothing was created).
 *
 * @param reason a stable word: {@code device-busy}, {@code device-not-integrated}, {@code device-unknown},
 *        {@code invalid-request}, {@code seller-not-authorized}, {@code not-refundable}
 * @param detail Mercado Pago's words
 * @param queuedMercadopagoId for {@code device-busy}: what is queued on the device, when Mercado Pago said
 */
public record CreationRefusal(String reason, String detail, String queuedMercadopagoId) {

    public static final String DEVICE_BUSY = "device-busy";
    public static final String DEVICE_NOT_INTEGRATED = "device-not-integrated";
    public static final String DEVICE_UNKNOWN = "device-unknown";
    public static final String INVALID_REQUEST = "invalid-request";
    public static final String SELLER_NOT_AUTHORIZED = "seller-not-authorized";
}
