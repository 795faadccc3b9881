/**
 * Mercado Pago's Payments API ({@code /v1/payments}, reference section 2): create, read, search, capture, cancel and
 * refund a seller's payments with the seller's token, through {@link dev.mpmarketplace.mercadopago.client.payments.MercadoPagoPayments}.
 * Answers are typed for what the platform decides on and kept whole as received. Nothing here logs a token, a card
 * token or a payer: the records' {@code toString} leave the raw answer out.
 */
package dev.mpmarketplace.mercadopago.client.payments;
