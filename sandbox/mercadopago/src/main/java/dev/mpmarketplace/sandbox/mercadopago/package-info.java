/**
 * A stateful simulator of the Mercado Pago API for tests and the local run: applications, test users and OAuth,
 * card tokens and payments, checkout preferences, customers and saved cards, signed webhooks with Mercado Pago's
 * retry ladder, a movable clock and fault injection under {@code /sandbox/*}.
 * <p>
 * Its signing, idempotency and OAuth code is its own and deliberately shares nothing with the services' Mercado Pago
 * client, so that tests of one against the other mean something.
 */
package dev.mpmarketplace.sandbox.mercadopago;
