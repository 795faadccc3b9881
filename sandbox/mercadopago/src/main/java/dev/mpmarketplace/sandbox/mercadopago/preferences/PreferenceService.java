package dev.mpmarketplace.sandbox.mercadopago.preferences;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.SandboxContext;
import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;
import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;
import dev.mpmarketplace.sandbox.mercadopago.oauth.Application;
import dev.mpmarketplace.sandbox.mercadopago.oauth.IssuedToken;
import dev.mpmarketplace.sandbox.mercadopago.oauth.Principal;
import dev.mpmarketplace.sandbox.mercadopago.oauth.SandboxUser;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;

/**
 * Checkout Pro preferences by Mercado Pago's rules (reference section 3): creation, update, lookup and search, each
 * scoped to the collector (the token's user), and the preference resource as the API returns it. Every method runs
 * under the state lock and validates fully before it changes anything.
 */
public final class PreferenceService {

    /** Search page size when {@code limit} is absent, and the largest one allowed. */
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private final SandboxContext context;

    public PreferenceService(SandboxContext context) {
        this.context = context;
    }

    /** {@code POST /checkout/preferences}. */
    public Preference create(SandboxState state, Principal principal, ObjectNode request) {
        authorize(principal);
        SandboxUser collector = state.oauth.users.get(principal.userId());
        String siteId = collector == null ? "MLB" : collector.siteId;
        check(state, principal, siteId, request);
        Preference preference = new Preference();
        preference.id = principal.userId() + "-" + UUID.randomUUID();
        preference.collectorId = principal.userId();
        preference.tokenClientId = principal.clientId();
        preference.clientId = clientIdOf(state, principal);
        preference.tokenKind = principal.kind();
        preference.siteId = siteId;
        preference.dateCreated = context.clock().instant();
        preference.request = request.deepCopy();
        state.preferences.preferences.put(preference.id, preference);
        return preference;
    }

    /**
     * {@code PUT /checkout/preferences/{id}}: the fields sent replace the preference's fields of the same name (a
     * partial body changes only those), and the result must pass every creation rule.
     */
    public Preference update(SandboxState state, Principal principal, String id, ObjectNode changes) {
        authorize(principal);
        Preference preference = find(state, principal, id);
        ObjectNode merged = preference.request.deepCopy();
        changes.properties().forEach(field -> merged.set(field.getKey(), field.getValue()));
        check(state, principal, preference.siteId, merged);
        preference.request = merged;
        preference.lastUpdated = context.clock().instant();
        return preference;
    }

    /** The collector's preference, or the documented {@code invalid_id}. */
    public Preference find(SandboxState state, Principal principal, String id) {
        authorize(principal);
        Preference preference = state.preferences.ofCollector(id, principal.userId());
        if (preference == null) {
            throw ApiError.keyed("invalid_id", "preference_id not found.");
        }
        return preference;
    }

    /**
     * {@code GET /checkout/preferences/search}: the collector's preferences, newest first, filtered by the given
     * fields, as {@code {"elements": [...], "next_offset": n, "total": m}}.
     */
    public ObjectNode search(SandboxState state, Principal principal, Map<String, String> filters, int offset,
            int limit) {
        authorize(principal);
        List<Preference> matching = new ArrayList<>();
        for (Preference preference : state.preferences.preferences.values()) {
            if (preference.collectorId == principal.userId() && matches(preference, filters)) {
                matching.add(preference);
            }
        }
        matching.sort(Comparator.comparing((Preference p) -> p.dateCreated).reversed());
        ObjectNode body = SandboxJson.MAPPER.createObjectNode();
        ArrayNode elements = body.putArray("elements");
        int end = Math.min(matching.size(), offset + limit);
        for (int i = Math.min(offset, end); i < end; i++) {
            elements.add(summary(matching.get(i)));
        }
        body.put("next_offset", offset + elements.size());
        body.put("total", matching.size());
        return body;
    }

    /** The terms of a stored preference (valid when stored, so this does not fail). */
    public static PreferenceTerms terms(Preference preference) {
        return PreferenceTerms.check(preference.request, preference.siteId);
    }

    /** The preference resource: the request's fields over Mercado Pago's defaults, plus what the API adds. */
    public ObjectNode json(Preference preference) {
        PreferenceTerms terms = terms(preference);
        ObjectNode body = defaults();
        ObjectNode request = preference.request.deepCopy();
        ArrayNode items = SandboxJson.MAPPER.createArrayNode();
        for (JsonNode item : request.get("items")) {
            ObjectNode echoed = itemDefaults(terms.currencyId());
            merge(echoed, (ObjectNode) item);
            items.add(echoed);
        }
        request.remove("items");
        merge(body, request);
        body.set("items", items);
        body.put("id", preference.id);
        body.put("collector_id", preference.collectorId);
        body.put("client_id", preference.clientId);
        body.put("site_id", preference.siteId);
        body.put("date_created", SandboxJson.timestamp(preference.dateCreated));
        if (preference.lastUpdated == null) {
            body.putNull("last_updated");
        } else {
            body.put("last_updated", SandboxJson.timestamp(preference.lastUpdated));
        }
        String initPoint = initPoint(preference.id);
        body.put("init_point", initPoint);
        body.put("sandbox_init_point", initPoint);
        Long sponsorId = PreferenceTerms.absent(request.get("sponsor_id")) ? null : number(request.get("sponsor_id"));
        if (sponsorId != null) {
            body.put("sponsor_id", sponsorId);
        }
        body.put("total_amount", terms.totalAmount());
        body.put("marketplace_fee", terms.marketplaceFee());
        body.put("marketplace", marketplaceOf(preference));
        body.put("operation_type", terms.operationType());
        body.put("expires", terms.expires());
        body.put("binary_mode", terms.binaryMode());
        body.put("expiration_date_from", PreferenceTerms.formatDate(terms.expirationDateFrom()));
        body.put("expiration_date_to", PreferenceTerms.formatDate(terms.expirationDateTo()));
        body.put("date_of_expiration", PreferenceTerms.formatDate(terms.dateOfExpiration()));
        return body;
    }

    /** {@code <baseUrl>/checkout/v1/redirect?pref_id=<id>}: the sandbox's own checkout page. */
    public String initPoint(String preferenceId) {
        return context.baseUrl() + "/checkout/v1/redirect?pref_id=" + preferenceId;
    }

    private void check(SandboxState state, Principal principal, String siteId, ObjectNode request) {
        collectorId(request.get("collector_id"), principal.userId());
        sponsorId(state, request.get("sponsor_id"), principal.userId(), siteId);
        PreferenceTerms terms = PreferenceTerms.check(request, siteId);
        if (terms.marketplaceFee().signum() > 0 && !principal.actsForSellerThroughOAuth()) {
            // Mercado Pago's wording for application_fee on a token not obtained through OAuth, applied to the fee.
            throw ApiError.keyed("invalid_marketplace_fee", "You cannot use marketplace_fee with this preference.");
        }
    }

    /** client_credentials tokens act for an application, not a collector: they may not handle preferences. */
    private static void authorize(Principal principal) {
        if (principal.kind() == IssuedToken.Kind.CLIENT_CREDENTIALS) {
            throw ApiError.keyed("invalid_access_token", "access denied");
        }
    }

    private static void collectorId(JsonNode node, long collectorId) {
        if (PreferenceTerms.absent(node)) {
            return;
        }
        Long id = number(node);
        if (id == null) {
            throw ApiError.keyed("invalid_collector_id", "collector_id must be a number.");
        }
        if (id != collectorId) {
            throw ApiError.keyed("invalid_collector_id", "collector_id invalid.");
        }
    }

    private static void sponsorId(SandboxState state, JsonNode node, long collectorId, String siteId) {
        if (PreferenceTerms.absent(node)) {
            return;
        }
        Long id = number(node);
        if (id == null) {
            throw ApiError.keyed("invalid_sponsor_id", "sponsor_id must be a number.");
        }
        SandboxUser sponsor = state.oauth.users.get(id);
        if (sponsor == null) {
            throw ApiError.keyed("invalid_sponsor_id", "sponsor_id not found.");
        }
        if (id == collectorId) {
            throw ApiError.keyed("invalid_sponsor_id", "sponsor_id must be different than collector_id.");
        }
        if (!"seller".equals(sponsor.role)) {
            // The sandbox has no inactive accounts: a buyer-only test user stands for one that cannot sponsor.
            throw ApiError.keyed("invalid_sponsor_id", "sponsor_id is not an active user.");
        }
        if (!sponsor.siteId.equals(siteId)) {
            throw ApiError.keyed("invalid_sponsor_id",
                    "The sponsor_id site must be the same as the collector_id site.");
        }
    }

    /** An integral JSON number, or a string of digits; else {@code null}. */
    private static Long number(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isTextual() && node.asText().matches("\\d{1,18}")) {
            return Long.parseLong(node.asText());
        }
        return null;
    }

    /** The token's application; for a user's own token, an application the user owns, else the user's id. */
    private static String clientIdOf(SandboxState state, Principal principal) {
        if (principal.clientId() != null) {
            return principal.clientId();
        }
        for (Application app : state.oauth.applications.values()) {
            if (app.ownerUserId == principal.userId()) {
                return app.clientId;
            }
        }
        return String.valueOf(principal.userId());
    }

    /** Given by the integrator, else {@code MP-MKT-<client_id>} for marketplace (OAuth) preferences, else NONE. */
    private static String marketplaceOf(Preference preference) {
        JsonNode given = preference.request.get("marketplace");
        if (!PreferenceTerms.absent(given) && !given.asText().isBlank()) {
            return given.asText();
        }
        return preference.tokenKind == IssuedToken.Kind.OAUTH && preference.tokenClientId != null
                ? "MP-MKT-" + preference.tokenClientId
                : "NONE";
    }

    private ObjectNode summary(Preference preference) {
        ObjectNode full = json(preference);
        ObjectNode summary = SandboxJson.MAPPER.createObjectNode();
        summary.put("id", preference.id);
        summary.put("client_id", preference.clientId);
        summary.put("collector_id", preference.collectorId);
        summary.set("date_created", full.get("date_created"));
        summary.set("expiration_date_from", full.get("expiration_date_from"));
        summary.set("expiration_date_to", full.get("expiration_date_to"));
        summary.set("expires", full.get("expires"));
        summary.set("external_reference", full.get("external_reference"));
        ArrayNode titles = summary.putArray("items");
        full.get("items").forEach(item -> titles.add(item.path("title").asText("")));
        summary.set("last_updated", full.get("last_updated"));
        summary.put("live_mode", true);
        summary.set("marketplace", full.get("marketplace"));
        summary.set("operation_type", full.get("operation_type"));
        summary.set("payer_email", full.path("payer").get("email"));
        summary.putNull("payer_id");
        summary.putNull("platform_id");
        summary.set("processing_modes", full.get("processing_modes"));
        summary.set("product_id", full.get("product_id"));
        summary.set("purpose", full.get("purpose"));
        summary.put("site_id", preference.siteId);
        summary.set("sponsor_id", full.get("sponsor_id"));
        summary.set("shipping_mode", full.path("shipments").get("mode"));
        return summary;
    }

    private boolean matches(Preference preference, Map<String, String> filters) {
        if (filters.isEmpty()) {
            return true;
        }
        ObjectNode full = json(preference);
        for (Map.Entry<String, String> filter : filters.entrySet()) {
            JsonNode value = switch (filter.getKey()) {
                case "payer_email" -> full.path("payer").get("email");
                case "shipping_mode" -> full.path("shipments").get("mode");
                default -> full.get(filter.getKey());
            };
            if (value == null || value.isNull() || !value.isValueNode() || !value.asText().equals(filter.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The filters {@code GET /checkout/preferences/search} accepts; other query parameters are ignored. */
    static final List<String> SEARCH_FILTERS = List.of("id", "external_reference", "site_id", "marketplace",
            "sponsor_id", "operation_type", "payer_email", "shipping_mode", "expires", "purpose");

    private static ObjectNode defaults() {
        ObjectNode body = SandboxJson.MAPPER.createObjectNode();
        body.put("additional_info", "");
        body.put("auto_return", "");
        ObjectNode backUrls = body.putObject("back_urls");
        backUrls.put("failure", "");
        backUrls.put("pending", "");
        backUrls.put("success", "");
        body.put("binary_mode", false);
        body.putNull("client_id");
        body.putNull("collector_id");
        body.putNull("coupon_code");
        body.putNull("coupon_labels");
        body.putNull("date_created");
        body.putNull("date_of_expiration");
        body.putNull("expiration_date_from");
        body.putNull("expiration_date_to");
        body.put("expires", false);
        body.put("external_reference", "");
        body.putNull("id");
        body.putNull("init_point");
        body.putNull("internal_metadata");
        body.putArray("items");
        body.put("marketplace", "NONE");
        body.put("marketplace_fee", BigDecimal.ZERO);
        body.putObject("metadata");
        body.putNull("notification_url");
        body.put("operation_type", "regular_payment");
        ObjectNode payer = body.putObject("payer");
        ObjectNode phone = payer.putObject("phone");
        phone.put("area_code", "");
        phone.put("number", "");
        ObjectNode address = payer.putObject("address");
        address.put("zip_code", "");
        address.put("street_name", "");
        address.putNull("street_number");
        payer.put("email", "");
        ObjectNode identification = payer.putObject("identification");
        identification.put("number", "");
        identification.put("type", "");
        payer.put("name", "");
        payer.put("surname", "");
        payer.putNull("date_created");
        payer.putNull("last_purchase");
        ObjectNode methods = body.putObject("payment_methods");
        methods.putNull("default_card_id");
        methods.putNull("default_payment_method_id");
        methods.putArray("excluded_payment_methods").addObject().put("id", "");
        methods.putArray("excluded_payment_types").addObject().put("id", "");
        methods.putNull("installments");
        methods.putNull("default_installments");
        body.putNull("processing_modes");
        body.putNull("product_id");
        body.put("purpose", "");
        ObjectNode redirectUrls = body.putObject("redirect_urls");
        redirectUrls.put("failure", "");
        redirectUrls.put("pending", "");
        redirectUrls.put("success", "");
        body.putNull("sandbox_init_point");
        body.putNull("site_id");
        body.putNull("sponsor_id");
        ObjectNode shipments = body.putObject("shipments");
        shipments.putNull("default_shipping_method");
        ObjectNode receiver = shipments.putObject("receiver_address");
        receiver.put("zip_code", "");
        receiver.put("street_name", "");
        receiver.putNull("street_number");
        receiver.put("floor", "");
        receiver.put("apartment", "");
        receiver.putNull("city_name");
        receiver.putNull("state_name");
        receiver.putNull("country_name");
        body.putNull("statement_descriptor");
        body.putNull("total_amount");
        body.putNull("last_updated");
        return body;
    }

    private static ObjectNode itemDefaults(String currencyId) {
        ObjectNode item = SandboxJson.MAPPER.createObjectNode();
        item.put("id", "");
        item.put("category_id", "");
        item.put("currency_id", currencyId);
        item.put("description", "");
        item.put("picture_url", "");
        item.put("title", "");
        return item;
    }

    /** Request fields over defaults: objects merge field by field, anything else (arrays too) replaces. */
    private static void merge(ObjectNode target, ObjectNode source) {
        for (Map.Entry<String, JsonNode> field : source.properties()) {
            JsonNode current = target.get(field.getKey());
            if (current instanceof ObjectNode currentObject && field.getValue() instanceof ObjectNode given) {
                merge(currentObject, given);
            } else if (field.getValue().isNull() && current != null && current.isContainerNode()) {
                continue;
            } else {
                target.set(field.getKey(), field.getValue());
            }
        }
    }
}
