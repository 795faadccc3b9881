/**
 * The data of the Point intent events point-service publishes on {@code point-intents.events}
 * ({@link dev.mpmarketplace.events.Topic#POINT_INTENT_EVENTS}) and of the commands it reads from
 * {@code point-intents.commands} ({@link dev.mpmarketplace.events.Topic#POINT_INTENT_COMMANDS}); the CloudEvents
 * type of each is in {@link PointIntentEventTypes}. Key: {@code <seller id>:<intent id>} (events) and
 * {@code <seller id>:<idempotency key>} (commands), so one intent's records stay in order.
 */
package dev.mpmarketplace.events.point;
