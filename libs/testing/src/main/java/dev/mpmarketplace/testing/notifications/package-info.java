/**
 * Builders of the notifications tests send to notification-ingest-service over HTTP and of the raw notification
 * records they publish in its place ({@link dev.mpmarketplace.events.notification.RawNotifications}, the code ingest
 * itself uses), starting from {@link dev.mpmarketplace.testing.notifications.Notifications}.
 */
package dev.mpmarketplace.testing.notifications;
