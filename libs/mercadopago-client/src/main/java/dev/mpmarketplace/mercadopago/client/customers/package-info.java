/**
 * Mercado Pago's Customers and Cards API ({@code /v1/customers}, reference section 4, seed 003): a seller's customers
 * and their saved cards, with the seller's token, through
 * {@link dev.mpmarketplace.mercadopago.client.customers.MercadoPagoCustomers}. Answers are Mercado Pago's resources as
 * received (they name a person and the last digits of cards: never logged; the records' {@code toString} leave them
 * out). Refusals are {@link dev.mpmarketplace.mercadopago.client.MercadoPagoException}s with Mercado Pago's cause
 * codes ({@code 101} the customer already exists, {@code 122} card data invalid, ...).
 */
package dev.mpmarketplace.mercadopago.client.customers;
