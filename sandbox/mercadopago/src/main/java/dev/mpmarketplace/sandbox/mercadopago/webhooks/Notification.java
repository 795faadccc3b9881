package dev.mpmarketplace.sandbox.mercadopago.webhooks;

/**
 * Something that happened to a resource, to be delivered as a Mercado Pago webhook.
 *
 * @param type the webhook topic ({@code payment}, {@code mp-connect}, ...), sent as {@code type} in the query and body
 * @param action e.g. {@code payment.created}, {@code application.authorized}
 * @param dataId the resource id, sent as {@code data.id} in the query and {@code data.id} in the body
 * @param userId the user the notification is about (the seller / collector)
 * @param clientId the application whose webhook URL and secret are used, or {@code null}
 * @param notificationUrl the resource's own {@code notification_url}, which takes precedence, or {@code null}
 */
public record Notification(String type, String action, String dataId, long userId, String clientId,
        String notificationUrl) {
}
