package dev.mpmarketplace.linking.repository;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;

import dev.mpmarketplace.linking.ProcessedNotification;

/** Handled mp-connect notifications, by CloudEvent id. */
@ApplicationScoped
public class ProcessedNotificationRepository implements PanacheRepositoryBase<ProcessedNotification, String> {
}
