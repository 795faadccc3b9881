package dev.mpmarketplace.sandbox.mercadopago.webhooks;

/** Queues webhooks for delivery. Called under the state lock; must not block. */
public interface Notifier {

    /** Schedules the delivery of a notification (signed, retried on Mercado Pago's ladder, every attempt recorded). */
    void notify(Notification notification);
}
