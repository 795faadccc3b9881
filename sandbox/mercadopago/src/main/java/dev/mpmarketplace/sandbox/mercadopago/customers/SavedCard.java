package dev.mpmarketplace.sandbox.mercadopago.customers;

import java.time.Instant;

/** A card saved on a customer ({@code POST /v1/customers/{id}/cards} with a card token). */
public final class SavedCard {
    public String id;
    public String customerId;
    /** The seller the customer belongs to. */
    public long userId;
    public String firstSixDigits;
    public String lastFourDigits;
    public int expirationMonth;
    public int expirationYear;
    public String cardholderName;
    public String identificationType;
    public String identificationNumber;
    public String paymentMethodId;
    public String paymentTypeId;
    public String issuerId;
    public Instant dateCreated;
    public Instant dateLastUpdated;
}
