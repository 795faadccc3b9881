/**
 * The raw notification contract: what notification-ingest-service publishes on every
 * {@link dev.mpmarketplace.events.Topic.Kind#RAW_NOTIFICATION} topic, and the one way to read it back.
 * <ul>
 * <li>{@link RawNotifications} states each kind of delivery (a signed Mercado Pago webhook, a legacy IPN, a Mercado
 * Libre feed notification, a Point intent) as a {@link RawNotification}: its topic, key, CloudEvents id and
 * headers. The ingest service and the tests that publish "what ingest would publish" both use it, so the two cannot
 * drift.</li>
 * <li>{@link RawNotification#toProducerRecord()} is the record that goes to Kafka;
 * {@link RawNotificationReader#read} turns a consumed record back into a {@link RawNotification}, or throws
 * {@link PoisonRecordException} (the record then goes to the consumer's dead-letter topic).</li>
 * </ul>
 * <b>A notification is a hint, never a fact.</b> It names a resource (and, when known, a seller); a consumer fetches
 * that resource from Mercado Pago or Mercado Libre with the seller's token and acts on the answer. No effect is ever
 * taken from a notification's body, its action or its verification: the body ({@link RawNotification#body()}) is for
 * logs and diagnostics only.
 */
package dev.mpmarketplace.events.notification;
