package dev.mpmarketplace.sandbox.mercadopago.customers;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import dev.mpmarketplace.sandbox.mercadopago.SandboxContext;
import dev.mpmarketplace.sandbox.mercadopago.SandboxModule;
import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;
import dev.mpmarketplace.sandbox.mercadopago.http.Replies;
import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;
import dev.mpmarketplace.sandbox.mercadopago.oauth.Principal;
import dev.mpmarketplace.sandbox.mercadopago.payments.CardToken;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;

/**
 * The Customers and Cards API (reference section 4, docs/sandbox/customers.md): {@code /v1/customers} (create,
 * search, get, update, delete) and {@code /v1/customers/{id}/cards} (save a card from a card token, list, get,
 * update, delete). Every customer belongs to the user whose token created it; other users get 404.
 */
public final class CustomersModule implements SandboxModule {

    /** Cards one customer may hold (Mercado Pago's limit is not documented; error 129 beyond it). */
    public static final int MAX_CARDS_PER_CUSTOMER = 10;
    /** Search page size when {@code limit} is not given, as in Mercado Pago's example. */
    static final int DEFAULT_LIMIT = 10;
    /** Largest search page; a larger {@code limit} is lowered to it. */
    static final int MAX_LIMIT = 100;

    private static final Pattern CUSTOMER_ID = Pattern.compile("^[0-9]{1,19}-[A-Za-z0-9]{1,40}$");
    private static final List<String> SORTABLE = List.of("id", "email", "first_name", "last_name", "date_created",
            "date_last_updated", "date_registered");

    private SandboxContext context;

    @Override
    public void register(Router router, SandboxContext sandbox) {
        this.context = sandbox;
        router.post("/v1/customers").handler(this::create);
        router.get("/v1/customers/search").handler(this::search);
        router.get("/v1/customers/:customerId").handler(this::get);
        router.put("/v1/customers/:customerId").handler(this::update);
        router.delete("/v1/customers/:customerId").handler(this::delete);
        router.post("/v1/customers/:customerId/cards").handler(this::saveCard);
        router.get("/v1/customers/:customerId/cards").handler(this::listCards);
        router.get("/v1/customers/:customerId/cards/:cardId").handler(this::getCard);
        router.put("/v1/customers/:customerId/cards/:cardId").handler(this::updateCard);
        router.delete("/v1/customers/:customerId/cards/:cardId").handler(this::deleteCard);
    }

    // Customers

    private void create(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        CustomerInput input = CustomerInput.parse(body(ctx, false), true);
        ObjectNode body = context.write(state -> {
            CustomersState customers = state.customers;
            if (customers.findByEmail(principal.userId(), input.email) != null) {
                throw CustomerErrors.alreadyExists();
            }
            Instant now = context.clock().instant();
            Customer customer = new Customer();
            customer.userId = principal.userId();
            customer.payerId = customers.payerIdsByEmail.computeIfAbsent(input.email.toLowerCase(Locale.ROOT),
                    email -> Long.parseLong(context.randomDigits(10)));
            customer.id = newCustomerId(customers, customer.payerId);
            customer.email = input.email;
            customer.dateCreated = now;
            customer.dateLastUpdated = now;
            apply(customer, input, now);
            if (input.defaultAddress != null) {
                customer.defaultAddress = input.defaultAddress;
            }
            // No card exists yet, so a default_card sent on creation has nothing to point at.
            customers.customers.put(customer.id, customer);
            return CustomerJson.customer(customers, customer);
        });
        Replies.json(ctx, 201, body);
    }

    private void search(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        MultiMap query = ctx.request().params();
        int limit = Math.min(integer(query, "limit", DEFAULT_LIMIT), MAX_LIMIT);
        int offset = integer(query, "offset", 0);
        Comparator<Customer> order = order(query.get("sort"), query.get("criteria"));
        String email = query.get("email");
        String firstName = query.get("first_name");
        String lastName = query.get("last_name");
        String id = query.get("id");
        ObjectNode body = context.read(state -> {
            List<Customer> found = new ArrayList<>();
            for (Customer customer : state.customers.customers.values()) {
                if (customer.userId == principal.userId() && matches(email, customer.email)
                        && matches(firstName, customer.firstName) && matches(lastName, customer.lastName)
                        && (id == null || id.equals(customer.id))) {
                    found.add(customer);
                }
            }
            found.sort(order);
            ObjectNode json = SandboxJson.MAPPER.createObjectNode();
            ObjectNode paging = json.putObject("paging");
            paging.put("limit", limit);
            paging.put("offset", offset);
            paging.put("total", found.size());
            ArrayNode results = json.putArray("results");
            found.stream().skip(offset).limit(limit)
                    .forEach(customer -> results.add(CustomerJson.customer(state.customers, customer)));
            return json;
        });
        Replies.json(ctx, 200, body);
    }

    private void get(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        String customerId = customerId(ctx);
        ObjectNode body = context.read(state -> CustomerJson.customer(state.customers,
                owned(state, principal, customerId)));
        Replies.json(ctx, 200, body);
    }

    private void update(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        String customerId = customerId(ctx);
        ObjectNode request = body(ctx, true);
        CustomerInput input = CustomerInput.parse(request, false);
        ObjectNode body = context.write(state -> {
            Customer customer = owned(state, principal, customerId);
            if (input.email != null && !input.email.equalsIgnoreCase(customer.email)) {
                throw CustomerErrors.emailCannotChange();
            }
            if (input.defaultCard != null && !customer.cardIds.contains(input.defaultCard)) {
                throw CustomerErrors.defaultCardNotFound();
            }
            Instant now = context.clock().instant();
            apply(customer, input, now);
            if (input.defaultAddress != null) {
                customer.defaultAddress = input.defaultAddress;
            }
            if (input.defaultCard != null) {
                customer.defaultCard = input.defaultCard;
            }
            customer.dateLastUpdated = now;
            return CustomerJson.customer(state.customers, customer);
        });
        Replies.json(ctx, 200, body);
    }

    private void delete(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        String customerId = customerId(ctx);
        ObjectNode body = context.write(state -> {
            Customer customer = owned(state, principal, customerId);
            ObjectNode json = CustomerJson.customer(state.customers, customer);
            customer.cardIds.forEach(state.customers.cards::remove);
            state.customers.customers.remove(customer.id);
            return json;
        });
        Replies.json(ctx, 200, body);
    }

    /** Copies the sent fields; an address updates the main address or, when there is none, becomes it. */
    private void apply(Customer customer, CustomerInput input, Instant now) {
        if (input.firstName != null) {
            customer.firstName = input.firstName;
        }
        if (input.lastName != null) {
            customer.lastName = input.lastName;
        }
        if (input.phoneAreaCode != null) {
            customer.phoneAreaCode = input.phoneAreaCode;
        }
        if (input.phoneNumber != null) {
            customer.phoneNumber = input.phoneNumber;
        }
        if (input.identificationType != null) {
            customer.identificationType = input.identificationType;
        }
        if (input.identificationNumber != null) {
            customer.identificationNumber = input.identificationNumber;
        }
        if (input.dateRegistered != null) {
            customer.dateRegistered = input.dateRegistered;
        }
        if (input.description != null) {
            customer.description = input.description;
        }
        if (input.metadata != null) {
            customer.metadata = input.metadata.deepCopy();
        }
        if (input.hasAddress) {
            CustomerAddress address = CustomerJson.mainAddress(customer);
            if (address == null) {
                address = new CustomerAddress();
                address.id = context.randomDigits(10);
                address.dateCreated = now;
                customer.addresses.add(address);
                customer.defaultAddress = address.id;
            }
            if (input.zipCode != null) {
                address.zipCode = input.zipCode;
            }
            if (input.streetName != null) {
                address.streetName = input.streetName;
            }
            if (input.streetNumber != null) {
                address.streetNumber = input.streetNumber;
            }
            if (input.cityName != null) {
                address.cityName = input.cityName;
            }
        }
    }

    private String newCustomerId(CustomersState customers, long payerId) {
        String id;
        do {
            id = payerId + "-" + context.randomAlphanumeric(14);
        } while (customers.customers.containsKey(id));
        return id;
    }

    // Cards

    private void saveCard(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        String customerId = customerId(ctx);
        CardRequest request = CardRequest.parse(body(ctx, false));
        Saved saved = context.write(state -> save(state, principal, customerId, request));
        Replies.json(ctx, saved.created() ? 201 : 200, saved.card());
    }

    /** The card answered and whether it is new (201) or the customer already had it (200). */
    private record Saved(ObjectNode card, boolean created) {
    }

    /** Checks everything first, then consumes the token and saves (or finds) the card. */
    private Saved save(SandboxState state, Principal principal, String customerId, CardRequest request) {
        Customer customer = owned(state, principal, customerId);
        CustomersState customers = state.customers;
        CardToken token = state.payments.cardToken(request.token());
        if (token == null) {
            throw CustomerErrors.cardInvalid();
        }
        if (token.userId != principal.userId()) {
            throw CustomerErrors.invalidCardOwner();
        }
        Instant now = context.clock().instant();
        if (token.used || (token.expiresAt != null && !now.isBefore(token.expiresAt))) {
            throw CustomerErrors.cardDataInvalid();
        }
        if (token.cardId != null) {
            SavedCard source = customers.cards.get(token.cardId);
            if (source != null && !customer.id.equals(source.customerId)) {
                throw CustomerErrors.invalidCardOwner();
            }
        }
        if (token.firstSixDigits == null || token.lastFourDigits == null || token.expirationMonth < 1
                || token.expirationMonth > 12 || token.expirationYear < 1) {
            throw CustomerErrors.cardDataInvalid();
        }
        // The token already carries the network the card-token endpoint found by BIN; without one, the caller must
        // name it.
        String paymentMethodId = agree(token.paymentMethodId, request.paymentMethodId());
        if (paymentMethodId == null) {
            throw CustomerErrors.paymentMethodRequired();
        }
        String issuerId = agree(token.issuerId, request.issuerId());
        if (issuerId == null && SavedCardBrands.of(paymentMethodId).issuerId() != null) {
            issuerId = String.valueOf(SavedCardBrands.of(paymentMethodId).issuerId());
        }

        SavedCard existing = sameCard(customers, customer, token);
        if (existing != null) {
            token.used = true;
            return new Saved(CustomerJson.card(customer, existing), false);
        }
        if (customer.cardIds.size() >= MAX_CARDS_PER_CUSTOMER) {
            throw CustomerErrors.tooManyCards();
        }
        SavedCard card = new SavedCard();
        card.id = newCardId(customers);
        card.customerId = customer.id;
        card.userId = customer.userId;
        card.firstSixDigits = token.firstSixDigits;
        card.lastFourDigits = token.lastFourDigits;
        card.expirationMonth = token.expirationMonth;
        card.expirationYear = token.expirationYear;
        card.cardholderName = token.cardholderName;
        card.identificationType = token.identificationType;
        card.identificationNumber = token.identificationNumber;
        card.paymentMethodId = paymentMethodId;
        card.paymentTypeId = token.paymentTypeId != null ? token.paymentTypeId : "credit_card";
        card.issuerId = issuerId;
        card.dateCreated = now;
        card.dateLastUpdated = now;
        customers.cards.put(card.id, card);
        customer.cardIds.add(card.id);
        if (customer.defaultCard == null) {
            customer.defaultCard = card.id;
        }
        customer.dateLastUpdated = now;
        token.used = true;
        return new Saved(CustomerJson.card(customer, card), true);
    }

    /** The token's value, or the request's when the token has none; both given and different is error 127. */
    private static String agree(String fromToken, String fromRequest) {
        if (fromToken != null && fromRequest != null && !fromToken.equalsIgnoreCase(fromRequest)) {
            throw CustomerErrors.paymentMethodUnresolved();
        }
        return fromToken != null ? fromToken : fromRequest;
    }

    /** The customer's card with the token's first six, last four and expiry, or {@code null}. */
    private static SavedCard sameCard(CustomersState customers, Customer customer, CardToken token) {
        for (SavedCard card : customers.cardsOf(customer)) {
            if (card.firstSixDigits.equals(token.firstSixDigits) && card.lastFourDigits.equals(token.lastFourDigits)
                    && card.expirationMonth == token.expirationMonth
                    && card.expirationYear == token.expirationYear) {
                return card;
            }
        }
        return null;
    }

    private String newCardId(CustomersState customers) {
        String id;
        do {
            id = context.randomDigits(13);
        } while (customers.cards.containsKey(id));
        return id;
    }

    private void listCards(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        String customerId = customerId(ctx);
        ArrayNode body = context.read(state -> {
            Customer customer = owned(state, principal, customerId);
            ArrayNode cards = SandboxJson.MAPPER.createArrayNode();
            state.customers.cardsOf(customer).forEach(card -> cards.add(CustomerJson.card(customer, card)));
            return cards;
        });
        Replies.json(ctx, 200, body);
    }

    private void getCard(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        String customerId = customerId(ctx);
        String cardId = ctx.pathParam("cardId");
        ObjectNode body = context.read(state -> {
            Customer customer = owned(state, principal, customerId);
            return CustomerJson.card(customer, cardOf(state, customer, cardId));
        });
        Replies.json(ctx, 200, body);
    }

    private void updateCard(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        String customerId = customerId(ctx);
        String cardId = ctx.pathParam("cardId");
        CardUpdate update = CardUpdate.parse(body(ctx, true));
        ObjectNode body = context.write(state -> {
            Customer customer = owned(state, principal, customerId);
            SavedCard card = cardOf(state, customer, cardId);
            update.applyTo(card);
            card.dateLastUpdated = context.clock().instant();
            return CustomerJson.card(customer, card);
        });
        Replies.json(ctx, 200, body);
    }

    private void deleteCard(RoutingContext ctx) {
        Principal principal = context.authenticator().authenticate(ctx);
        String customerId = customerId(ctx);
        String cardId = ctx.pathParam("cardId");
        ObjectNode body = context.write(state -> {
            Customer customer = owned(state, principal, customerId);
            SavedCard card = cardOf(state, customer, cardId);
            ObjectNode json = CustomerJson.card(customer, card);
            state.customers.cards.remove(card.id);
            customer.cardIds.remove(card.id);
            if (card.id.equals(customer.defaultCard)) {
                // The next saved card takes over, so a customer with cards always has a default one.
                customer.defaultCard = customer.cardIds.isEmpty() ? null : customer.cardIds.get(0);
            }
            customer.dateLastUpdated = context.clock().instant();
            return json;
        });
        Replies.json(ctx, 200, body);
    }

    // Shared

    private static Customer owned(SandboxState state, Principal principal, String customerId) {
        Customer customer = state.customers.findCustomer(principal.userId(), customerId);
        if (customer == null) {
            throw CustomerErrors.customerNotFound();
        }
        return customer;
    }

    private static SavedCard cardOf(SandboxState state, Customer customer, String cardId) {
        SavedCard card = state.customers.findCard(customer.userId, cardId);
        if (card == null || !customer.id.equals(card.customerId)) {
            throw CustomerErrors.cardNotFound();
        }
        return card;
    }

    private static String customerId(RoutingContext ctx) {
        String id = ctx.pathParam("customerId");
        if (id == null || !CUSTOMER_ID.matcher(id).matches()) {
            throw CustomerErrors.invalidCustomerId();
        }
        return id;
    }

    /** The request body as a JSON object; anything else is error 118. */
    private static ObjectNode body(RoutingContext ctx, boolean allowEmpty) {
        try {
            return SandboxJson.object(ctx.body().asString(), allowEmpty);
        } catch (ApiError e) {
            throw CustomerErrors.notJsonObject();
        }
    }

    private static int integer(MultiMap query, String name, int absent) {
        String value = query.get(name);
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number < 0) {
                throw CustomerErrors.invalidQuery(name);
            }
            return number;
        } catch (NumberFormatException e) {
            throw CustomerErrors.invalidQuery(name);
        }
    }

    private static boolean matches(String filter, String value) {
        return filter == null || (value != null && value.equalsIgnoreCase(filter.trim()));
    }

    /**
     * The search order: {@code sort=<attribute>} with {@code criteria=asc|desc}, or {@code sort=<attribute>:<order>};
     * oldest first by default.
     */
    private static Comparator<Customer> order(String sort, String criteria) {
        if (sort == null || sort.isBlank()) {
            return Comparator.comparing((Customer c) -> c.dateCreated);
        }
        String[] parts = sort.trim().split(":", -1);
        if (parts.length > 2 || parts[0].isBlank()) {
            throw CustomerErrors.sortFormatInvalid();
        }
        String attribute = parts[0].trim();
        String direction = parts.length == 2 ? parts[1].trim() : criteria == null ? "asc" : criteria.trim();
        if (!SORTABLE.contains(attribute)) {
            throw CustomerErrors.sortAttributeUnknown();
        }
        if (!direction.equalsIgnoreCase("asc") && !direction.equalsIgnoreCase("desc")) {
            throw CustomerErrors.sortOrderInvalid();
        }
        // Ties keep creation order: the customers map is ordered and the sort is stable.
        Comparator<Customer> byAttribute = Comparator.comparing(c -> sortKey(c, attribute),
                Comparator.nullsLast(Comparator.naturalOrder()));
        return direction.equalsIgnoreCase("desc") ? byAttribute.reversed() : byAttribute;
    }

    private static String sortKey(Customer customer, String attribute) {
        return switch (attribute) {
            case "id" -> customer.id;
            case "email" -> customer.email.toLowerCase(Locale.ROOT);
            case "first_name" -> customer.firstName == null ? null : customer.firstName.toLowerCase(Locale.ROOT);
            case "last_name" -> customer.lastName == null ? null : customer.lastName.toLowerCase(Locale.ROOT);
            case "date_created" -> customer.dateCreated.toString();
            case "date_last_updated" -> customer.dateLastUpdated.toString();
            default -> customer.dateRegistered == null ? null : customer.dateRegistered.toString();
        };
    }

    /** The body of {@code POST /v1/customers/{id}/cards}. */
    private record CardRequest(String token, String paymentMethodId, String issuerId) {

        static CardRequest parse(ObjectNode body) {
            JsonNode token = body.get("token");
            if (token == null || token.isNull() || (token.isTextual() && token.asText().isBlank())) {
                throw CustomerErrors.cardRequired();
            }
            if (!token.isTextual()) {
                throw CustomerErrors.cardInvalid();
            }
            String paymentMethodId = text(body.get("payment_method_id"), "payment_method_id");
            String issuerId = text(body.get("issuer_id"), "issuer_id");
            JsonNode issuer = body.get("issuer");
            if (issuerId == null && issuer != null && !issuer.isNull()) {
                if (!issuer.isObject()) {
                    throw CustomerErrors.objectExpected("issuer");
                }
                issuerId = text(issuer.get("id"), "issuer.id");
            }
            return new CardRequest(token.asText(), paymentMethodId, issuerId);
        }

        private static String text(JsonNode value, String field) {
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual() && !value.isIntegralNumber()) {
                throw CustomerErrors.invalidParameters(field);
            }
            return value.asText();
        }
    }

    /** The body of {@code PUT /v1/customers/{id}/cards/{card_id}}: expiry and cardholder; error 122 when invalid. */
    private record CardUpdate(Integer expirationMonth, Integer expirationYear, String cardholderName,
            String identificationType, String identificationNumber) {

        static CardUpdate parse(ObjectNode body) {
            Integer month = number(body.get("expiration_month"));
            Integer year = number(body.get("expiration_year"));
            if ((month != null && (month < 1 || month > 12)) || (year != null && (year < 1000 || year > 9999))) {
                throw CustomerErrors.cardDataInvalid();
            }
            String name = null;
            String type = null;
            String number = null;
            JsonNode cardholder = body.get("cardholder");
            if (cardholder != null && !cardholder.isNull()) {
                if (!cardholder.isObject()) {
                    throw CustomerErrors.cardDataInvalid();
                }
                name = text(cardholder.get("name"));
                JsonNode identification = cardholder.get("identification");
                if (identification != null && !identification.isNull()) {
                    if (!identification.isObject()) {
                        throw CustomerErrors.cardDataInvalid();
                    }
                    type = text(identification.get("type"));
                    number = text(identification.get("number"));
                }
            }
            return new CardUpdate(month, year, name, type, number);
        }

        void applyTo(SavedCard card) {
            if (expirationMonth != null) {
                card.expirationMonth = expirationMonth;
            }
            if (expirationYear != null) {
                card.expirationYear = expirationYear;
            }
            if (cardholderName != null) {
                card.cardholderName = cardholderName;
            }
            if (identificationType != null) {
                card.identificationType = identificationType;
            }
            if (identificationNumber != null) {
                card.identificationNumber = identificationNumber;
            }
        }

        private static Integer number(JsonNode value) {
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.isIntegralNumber() && value.canConvertToInt()) {
                return value.asInt();
            }
            if (value.isTextual() && value.asText().matches("[0-9]{1,4}")) {
                return Integer.parseInt(value.asText());
            }
            throw CustomerErrors.cardDataInvalid();
        }

        private static String text(JsonNode value) {
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isTextual() && !value.isIntegralNumber()) {
                throw CustomerErrors.cardDataInvalid();
            }
            String text = value.asText();
            if (text.length() > CustomerInput.MAX_TEXT) {
                throw CustomerErrors.tooLong("cardholder");
            }
            return text;
        }
    }
}
