package dev.mpmarketplace.sandbox.mercadopago.customers;

import java.time.Instant;

/** An address of a customer, created from the {@code address} of a create or update request. */
public final class CustomerAddress {
    public String id;
    public String zipCode;
    public String streetName;
    public String streetNumber;
    public String cityName;
    public Instant dateCreated;
}
