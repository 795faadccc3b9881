/**
 * Mercado Pago's Checkout Pro preferences ({@code /checkout/preferences}, reference section 3, seed 004): create, read,
 * update and search a seller's preferences with the seller's token, through
 * {@link dev.mpmarketplace.mercadopago.client.preferences.MercadoPagoPreferences}. Answers are typed for what the
 * platform decides on and kept whole as received; their {@code toString} leave the raw answer (the payer) out.
 * Refusals are {@link dev.mpmarketplace.mercadopago.client.MercadoPagoException}s whose {@code error()} is the
 * documented key ({@code invalid_items}, {@code invalid_marketplace_fee}, ...).
 */
package dev.mpmarketplace.mercadopago.client.preferences;
