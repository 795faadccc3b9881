package dev.mpmarketplace.sandbox.mercadopago.mercadolibre;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.mpmarketplace.sandbox.mercadopago.http.SandboxJson;

/**
 * The Mercado Libre sites with Mercado Pago and a sample of their payment methods ({@code GET /sites/{id}},
 * {@code GET /payment_methods/{id}}, seed 001): each lists {@code <SITE>MP}, Mercado Pago itself, whose presence tells
 * that the site has Mercado Pago. The other methods are the sandbox's sample (UNCONFIRMED lists).
 */
final class Sites {

    /** A site. */
    record Site(String id, String name, String countryId, String currencyId, String currencySymbol,
            boolean mandatoryForAll) {
    }

    /** A payment method of a site. */
    record Method(String id, String name, String paymentTypeId) {
    }

    static final Map<String, Site> SITES = Map.of(
            "MLA", new Site("MLA", "Argentina", "AR", "ARS", "$", false),
            "MLB", new Site("MLB", "Brasil", "BR", "BRL", "R$", true),
            "MLM", new Site("MLM", "Mexico", "MX", "MXN", "$", false),
            "MLC", new Site("MLC", "Chile", "CL", "CLP", "$", false),
            "MCO", new Site("MCO", "Colombia", "CO", "COP", "$", false),
            "MPE", new Site("MPE", "Perú", "PE", "PEN", "S/", false),
            "MLU", new Site("MLU", "Uruguay", "UY", "UYU", "$", false));

    private Sites() {
    }

    static List<Method> methods(Site site) {
        String id = site.id();
        return List.of(new Method(id + "AM", "American Express", "credit_card"),
                new Method(id + "MC", "Mastercard", "credit_card"),
                new Method(id + "MP", "MercadoPago", "account_money"),
                new Method(id + "VS", "Visa", "credit_card"),
                new Method(id + "WT", "Transferencia bancaria", "bank_transfer"));
    }

    /** The payment method with that id, of any site, or {@code null}. */
    static Method method(String id) {
        if (id == null || id.length() < 4) {
            return null;
        }
        Site site = SITES.get(id.substring(0, 3));
        return site == null ? null : methods(site).stream().filter(m -> m.id().equals(id)).findFirst().orElse(null);
    }

    static ObjectNode siteJson(Site site) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("id", site.id());
        json.put("name", site.name());
        json.put("country_id", site.countryId());
        json.put("sale_fees_mode", "not_free");
        json.put("mercadopago_version", 3);
        json.put("default_currency_id", site.currencyId());
        json.put("immediate_payment", site.mandatoryForAll() ? "required" : "optional");
        ArrayNode ids = json.putArray("payment_method_ids");
        methods(site).forEach(m -> ids.add(m.id()));
        json.putObject("settings").putArray("identification_types");
        json.putArray("currencies").addObject().put("id", site.currencyId()).put("symbol", site.currencySymbol());
        json.putArray("categories");
        return json;
    }

    static ObjectNode methodJson(Method method) {
        ObjectNode json = SandboxJson.MAPPER.createObjectNode();
        json.put("id", method.id());
        json.put("name", method.name());
        json.put("payment_type_id", method.paymentTypeId());
        json.put("site_id", method.id().substring(0, 3));
        json.putNull("thumbnail");
        json.putNull("secure_thumbnail");
        return json;
    }
}
