package dev.mpmarketplace.sandbox.mercadopago.oauth;

import java.util.ArrayList;
import java.util.List;

/** An application registered with Mercado Pago ("Your integrations"): credentials, redirect URLs, webhooks. */
public final class Application {
    public String clientId;
    public String clientSecret;
    public String name;
    public long ownerUserId;
    public List<String> redirectUris = new ArrayList<>();
    public String webhookUrl;
    public String webhookSecret;
    public boolean pkceRequired;
    public String siteId = "MLB";
    /** Where Mercado Libre's notification feed goes ("Callback URL" of the application), or {@code null}. */
    public String mercadoLibreCallbackUrl;
    /** The feed topics the application subscribes to. */
    public List<String> mercadoLibreTopics = new ArrayList<>(List.of("orders_v2", "created_orders"));
}
