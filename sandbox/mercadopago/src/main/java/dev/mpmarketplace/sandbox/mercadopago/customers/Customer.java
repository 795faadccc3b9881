package dev.mpmarketplace.sandbox.mercadopago.customers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A customer of a seller ({@code POST /v1/customers}): the payer whose cards the seller saves. Its id is
 * {@code <payerId>-<14 letters and digits>}, as Mercado Pago's ({@code 1068193981-pXRewrKqlP6pnn}).
 */
public final class Customer {
    public String id;
    /** The seller the customer belongs to (the user whose token created it). */
    public long userId;
    /** The payer's own numeric id, the prefix of {@link #id}; cards show it as {@code user_id}. */
    public long payerId;
    public String email;
    public String firstName;
    public String lastName;
    public String phoneAreaCode;
    public String phoneNumber;
    public String identificationType;
    public String identificationNumber;
    public List<CustomerAddress> addresses = new ArrayList<>();
    public String defaultAddress;
    public Instant dateRegistered;
    public String description;
    /** Whatever object the seller stored; {@code {}} when none. */
    public JsonNode metadata;
    public String defaultCard;
    /** Ids of the saved cards, in the order they were saved. */
    public List<String> cardIds = new ArrayList<>();
    public Instant dateCreated;
    public Instant dateLastUpdated;

    /** The payer id as Mercado Pago puts it in {@code payer.id} of a payment and {@code user_id} of a card. */
    public String payerIdText() {
        return Long.toString(payerId);
    }
}
