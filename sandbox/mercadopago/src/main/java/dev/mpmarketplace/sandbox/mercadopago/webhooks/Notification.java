package dev.mpmarketplace.sandbox.mercadopago.webhooks;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Something that happened to a resource, to be delivered as a notification. Most are Mercado Pago webhooks (the
 * standard envelope, signed); the {@link Format} says when the body, target and signing are different.
 *
 * @param type the topic ({@code payment}, {@code mp-connect}, {@code orders_v2}, ...), sent as {@code type} in the
 *        query and body of a Mercado Pago webhook
 * @param action e.g. {@code payment.created}, {@code application.authorized}, {@code state_FINISHED}
 * @param dataId the resource id, sent as {@code data.id} in the query and body of a Mercado Pago webhook
 * @param userId the user the notification is about (the seller / collector)
 * @param clientId the application whose webhook URL and secret are used, or {@code null}
 * @param notificationUrl the resource's own {@code notification_url}, which takes precedence, or {@code null}
 * @param format how it is sent
 * @param data for {@link Format#MERCADO_PAGO}: the body's {@code data} object when it carries more than the id (the
 *        {@code order} topic), else {@code null}; for the other formats: the body itself
 * @param target for the formats other than {@link Format#MERCADO_PAGO}: where it is posted
 */
public record Notification(String type, String action, String dataId, long userId, String clientId,
        String notificationUrl, Format format, ObjectNode data, String target) {

    /** How a notification is sent. */
    public enum Format {
        /**
         * A Mercado Pago webhook (reference 6.1): {@code POST <target>?data.id=<id>&type=<type>}, the standard
         * envelope (or the merchant-order shape for {@code topic_merchant_order_wh}), signed with the application's
         * webhook secret, on Mercado Pago's retry ladder.
         */
        MERCADO_PAGO,
        /** A body posted as is to a URL, unsigned, on Mercado Pago's retry ladder: the Point integrator webhook. */
        RAW,
        /**
         * A legacy IPN: {@code POST <target>?topic=<type>&id=<id>} with the given body, unsigned (reference 6.4), on
         * Mercado Pago's retry ladder.
         */
        IPN,
        /**
         * A Mercado Libre feed notification (reference 6.5, 12.c): the given body with {@code attempts} and
         * {@code sent} set on every attempt, unsigned, on Mercado Libre's ladder (eight attempts in an hour, 500 ms
         * each).
         */
        MERCADO_LIBRE
    }

    /** A standard Mercado Pago webhook. */
    public Notification(String type, String action, String dataId, long userId, String clientId,
            String notificationUrl) {
        this(type, action, dataId, userId, clientId, notificationUrl, Format.MERCADO_PAGO, null, null);
    }

    /** A Mercado Pago webhook whose body's {@code data} is the given object (the {@code order} topic). */
    public static Notification withData(String type, String action, String dataId, long userId, String clientId,
            String notificationUrl, ObjectNode data) {
        return new Notification(type, action, dataId, userId, clientId, notificationUrl, Format.MERCADO_PAGO, data,
                null);
    }

    /** A body posted as is, unsigned (the Point integrator webhook). */
    public static Notification raw(String type, String action, String dataId, long userId, String clientId,
            String target, ObjectNode body) {
        return new Notification(type, action, dataId, userId, clientId, null, Format.RAW, body, target);
    }

    /** A legacy IPN ({@code ?topic=&id=}). */
    public static Notification ipn(String topic, String dataId, long userId, String clientId, String target,
            ObjectNode body) {
        return new Notification(topic, null, dataId, userId, clientId, null, Format.IPN, body, target);
    }

    /** A Mercado Libre feed notification; {@code body} holds every field but {@code attempts} and {@code sent}. */
    public static Notification mercadoLibre(String topic, String resource, long userId, String clientId,
            String target, ObjectNode body) {
        return new Notification(topic, null, resource, userId, clientId, null, Format.MERCADO_LIBRE, body, target);
    }
}
