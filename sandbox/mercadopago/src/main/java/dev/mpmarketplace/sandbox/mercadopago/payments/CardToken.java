package dev.mpmarketplace.sandbox.mercadopago.payments;

import java.time.Instant;

/**
 * A card token as MercadoPago.js creates it ({@code POST /v1/card_tokens}): single use, short-lived. The sandbox keeps
 * only what Mercado Pago would expose (first six and last four digits), never the full number or the CVV.
 */
public final class CardToken {
    public String id;
    /** The user whose public key or token created it (the seller it will pay). */
    public long userId;
    public String firstSixDigits;
    public String lastFourDigits;
    public int expirationMonth;
    public int expirationYear;
    /** Decides the sandbox outcome of a payment (APRO, OTHE, CONT, ...). */
    public String cardholderName;
    public String identificationType;
    public String identificationNumber;
    public String paymentMethodId;
    public String paymentTypeId;
    public String issuerId;
    /** Set when the token was made from a saved card ({@code card_id} + CVV). */
    public String cardId;
    public String customerId;
    public boolean securityCodeProvided;
    public Instant dateCreated;
    public Instant expiresAt;
    public boolean used;
    /** The public key the token answers with: the one it was created with, or the bearer token's. */
    public String publicKey;
    /** Digits of the card number; {@code 0} for a token made from a saved card (Mercado Pago omits it then). */
    public int cardNumberLength;
    public int securityCodeLength;
    /** {@code true} for a number that passed the Luhn check; {@code false} for saved-card tokens, as observed. */
    public boolean luhnValidation;
    public Instant dateUsed;
}
