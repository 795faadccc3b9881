package dev.mpmarketplace.sandbox.mercadopago.customers;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;

/**
 * Customers and cards as the API shows them: every documented field, {@code null} when unknown, in the order of
 * Mercado Pago's examples. Called under the state lock.
 */
final class CustomerJson {

    /**
     * Test accounts work with production credentials (reference section 9), so their resources say
     * {@code "live_mode": true}, as the sandbox's OAuth tokens and preferences do; the older guide shows {@code false}.
     */
    static final boolean LIVE_MODE = true;

    private CustomerJson() {
    }

    static ObjectNode customer(CustomersState state, Customer customer) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("id", customer.id);
        json.put("email", customer.email);
        json.put("first_name", customer.firstName);
        json.put("last_name", customer.lastName);
        ObjectNode phone = json.putObject("phone");
        phone.put("area_code", customer.phoneAreaCode);
        phone.put("number", customer.phoneNumber);
        ObjectNode identification = json.putObject("identification");
        identification.put("type", customer.identificationType);
        identification.put("number", customer.identificationNumber);
        CustomerAddress main = mainAddress(customer);
        ObjectNode address = json.putObject("address");
        address.put("id", main == null ? null : main.id);
        address.put("zip_code", main == null ? null : main.zipCode);
        address.put("street_name", main == null ? null : main.streetName);
        putStreetNumber(address, main == null ? null : main.streetNumber);
        json.put("date_registered", time(customer.dateRegistered));
        json.put("description", customer.description);
        json.put("date_created", time(customer.dateCreated));
        json.put("date_last_updated", time(customer.dateLastUpdated));
        if (customer.metadata != null) {
            json.set("metadata", customer.metadata.deepCopy());
        } else {
            json.putObject("metadata");
        }
        json.put("default_card", customer.defaultCard);
        json.put("default_address", customer.defaultAddress);
        ArrayNode cards = json.putArray("cards");
        state.cardsOf(customer).forEach(card -> cards.add(card(customer, card)));
        ArrayNode addresses = json.putArray("addresses");
        customer.addresses.forEach(a -> addresses.add(address(a)));
        json.put("live_mode", LIVE_MODE);
        return json;
    }

    static ObjectNode card(Customer customer, SavedCard card) {
        SavedCardBrands.Brand brand = SavedCardBrands.of(card.paymentMethodId);
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("id", card.id);
        json.put("customer_id", card.customerId);
        json.put("user_id", customer.payerIdText());
        json.put("expiration_month", card.expirationMonth);
        json.put("expiration_year", card.expirationYear);
        json.put("first_six_digits", card.firstSixDigits);
        json.put("last_four_digits", card.lastFourDigits);
        ObjectNode paymentMethod = json.putObject("payment_method");
        paymentMethod.put("id", card.paymentMethodId);
        paymentMethod.put("name", card.paymentMethodId);
        paymentMethod.put("payment_type_id", card.paymentTypeId);
        paymentMethod.put("thumbnail", SavedCardBrands.thumbnail(card.paymentMethodId));
        paymentMethod.put("secure_thumbnail", SavedCardBrands.secureThumbnail(card.paymentMethodId));
        ObjectNode securityCode = json.putObject("security_code");
        securityCode.put("length", brand.securityCodeLength());
        securityCode.put("card_location", brand.cardLocation());
        ObjectNode issuer = json.putObject("issuer");
        putNumberOrText(issuer, "id", card.issuerId);
        issuer.put("name", card.issuerId == null ? null : brand.issuerName());
        ObjectNode cardholder = json.putObject("cardholder");
        cardholder.put("name", card.cardholderName);
        ObjectNode identification = cardholder.putObject("identification");
        identification.put("number", card.identificationNumber);
        identification.put("type", card.identificationType);
        json.put("date_created", time(card.dateCreated));
        json.put("date_last_updated", time(card.dateLastUpdated));
        json.put("live_mode", LIVE_MODE);
        return json;
    }

    private static ObjectNode address(CustomerAddress address) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("id", address.id);
        json.putNull("phone");
        json.putNull("name");
        json.putNull("floor");
        json.putNull("apartment");
        json.put("street_name", address.streetName);
        putStreetNumber(json, address.streetNumber);
        json.put("zip_code", address.zipCode);
        json.putObject("city").putNull("id").put("name", address.cityName);
        json.putObject("state").putNull("id").putNull("name");
        json.putObject("country").putNull("id").putNull("name");
        json.putObject("neighborhood").putNull("id").putNull("name");
        json.putObject("municipality").putNull("id").putNull("name");
        json.putNull("comments");
        json.put("date_created", time(address.dateCreated));
        return json;
    }

    /** The default address, or the first one when the default names none of them. */
    static CustomerAddress mainAddress(Customer customer) {
        for (CustomerAddress address : customer.addresses) {
            if (address.id.equals(customer.defaultAddress)) {
                return address;
            }
        }
        return customer.addresses.isEmpty() ? null : customer.addresses.get(0);
    }

    /** Street numbers go out as numbers when they are plain numbers (as the API documents them), else as text. */
    private static void putStreetNumber(ObjectNode json, String streetNumber) {
        putNumberOrText(json, "street_number", streetNumber);
    }

    private static void putNumberOrText(ObjectNode json, String field, String value) {
        if (value != null && value.matches("[0-9]{1,18}")) {
            json.put(field, Long.parseLong(value));
        } else {
            json.put(field, value);
        }
    }

    private static String time(Instant instant) {
        return instant == null ? null : SandboxJson.timestamp(instant);
    }
}
