package dev.mpmarketplace.linking.support;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.restassured.RestAssured;
import io.restassured.response.Response;

import dev.mpmarketplace.testing.mercadopago.SandboxControl;

/** Steps of the linking dance as the seller's browser would take them, without a browser. */
public final class Links {

    private Links() {
    }

    /**
     * {@code POST /sellers/links} as the marketplace's backend (with the default request specification's token):
     * the single-use link URL for the seller's browser.
     */
    public static URI linkUrl(String reference) {
        return linkUrl(reference, null);
    }

    public static URI linkUrl(String reference, String returnTo) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("reference", reference);
        if (returnTo != null) {
            body.put("return_to", returnTo);
        }
        Response response = RestAssured.given().contentType("application/json").body(body).post("/sellers/links");
        if (response.statusCode() != 201) {
            throw new IllegalStateException("link start answered " + response.statusCode() + " "
                    + response.body().asString());
        }
        return URI.create(response.jsonPath().getString("url"));
    }

    /** The seller's browser following a link URL, not following the redirect. */
    public static Response follow(URI linkUrl) {
        return RestAssured.given().redirects().follow(false).get(linkUrl.getRawPath());
    }

    /** The consent URL a new link for {@code reference} leads to. */
    public static URI consentUrl(String reference) {
        return consentUrl(reference, null);
    }

    public static URI consentUrl(String reference, String returnTo) {
        Response response = follow(linkUrl(reference, returnTo));
        if (response.statusCode() != 302) {
            throw new IllegalStateException("following the link URL answered " + response.statusCode());
        }
        return URI.create(response.header("Location"));
    }

    /** Follows Mercado Pago's redirect back to the service's callback, not following the service's redirect. */
    public static Response callback(URI redirect) {
        return RestAssured.given().redirects().follow(false).get(redirect.getRawPath() + "?" + redirect.getRawQuery());
    }

    /** The whole link of {@code sellerId} as {@code reference}: start, approve in the sandbox, callback. */
    public static void link(SandboxControl sandbox, long sellerId, String reference) {
        Response callback = callback(sandbox.approve(sellerId, consentUrl(reference)));
        if (callback.statusCode() != 302 || !callback.header("Location").endsWith("/sellers/link/success")) {
            throw new IllegalStateException("linking " + sellerId + " answered " + callback.statusCode() + " "
                    + callback.body().asString());
        }
    }

    public static Map<String, String> query(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        if (uri.getRawQuery() == null) {
            return query;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }
}
