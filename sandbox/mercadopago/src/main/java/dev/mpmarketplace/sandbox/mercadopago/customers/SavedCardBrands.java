package dev.mpmarketplace.sandbox.mercadopago.customers;

import java.util.Map;

/**
 * What a saved card shows about its brand: the payment method's display data, where its security code is and how
 * long, and the issuer when the card token named none. Which network a card number belongs to is decided once, by
 * the card-token endpoint ({@code payments.CardBrands}); this class only presents it.
 */
final class SavedCardBrands {

    /**
     * One brand.
     *
     * @param issuerId the issuer used when neither the token nor the request names one, or {@code null} (MLB-style
     *        ids; Mercado Pago's differ by country)
     */
    record Brand(String paymentMethodId, String issuerName, int securityCodeLength, String cardLocation,
            Long issuerId) {
    }

    private static final Map<String, Brand> BRANDS = Map.of(
            "visa", new Brand("visa", "Visa", 3, "back", 25L),
            "master", new Brand("master", "Mastercard", 3, "back", 24L),
            "amex", new Brand("amex", "American Express", 4, "front", 26L),
            "elo", new Brand("elo", "Elo", 3, "back", null),
            "hipercard", new Brand("hipercard", "Hipercard", 3, "back", null),
            "debvisa", new Brand("debvisa", "Visa Débito", 3, "back", 25L),
            "debmaster", new Brand("debmaster", "Mastercard Débito", 3, "back", 24L),
            "debelo", new Brand("debelo", "Elo Débito", 3, "back", null));

    private static final String THUMBNAIL = "http://img.mlstatic.com/org-img/MP3/API/logos/%s.gif";
    private static final String SECURE_THUMBNAIL = "https://www.mercadopago.com/org-img/MP3/API/logos/%s.gif";

    private SavedCardBrands() {
    }

    /** The brand of a payment method id; unknown ids get a three-digit code on the back and no default issuer. */
    static Brand of(String paymentMethodId) {
        Brand brand = BRANDS.get(paymentMethodId);
        return brand != null ? brand : new Brand(paymentMethodId, paymentMethodId, 3, "back", null);
    }

    static String thumbnail(String paymentMethodId) {
        return THUMBNAIL.formatted(paymentMethodId);
    }

    static String secureThumbnail(String paymentMethodId) {
        return SECURE_THUMBNAIL.formatted(paymentMethodId);
    }
}
