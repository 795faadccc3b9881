/**
 * The facts the order model is built from, and the one form they take on the fact log
 * ({@code order-projection-service.facts}): {@link OrderFact}. A fact is applied to its order in one transaction,
 * which also writes it to the log (through the outbox) when it changed the model; replaying the log applies the same
 * facts to the same orders in the same order.
 */
package dev.mpmarketplace.orders.fact;
