package dev.mpmarketplace.mercadopago.client.payments;

/**
 * A query of {@code GET /v1/payments/search} (reference section 2.1); {@code null} leaves a filter out. Dates are
 * Mercado Pago's: ISO-8601 with an offset or relative ({@code NOW}, {@code NOW-7DAYS}).
 *
 * @param externalReference exactly this external reference
 * @param status exactly this status
 * @param range the date the range applies to ({@code date_created}, {@code date_last_updated}, ...)
 * @param beginDate from (inclusive)
 * @param endDate to (inclusive)
 * @param sort the field to sort by
 * @param criteria {@code asc} or {@code desc}
 * @param limit page size
 * @param offset page start
 */
public record PaymentSearch(String externalReference, String status, String range, String beginDate, String endDate,
        String sort, String criteria, Integer limit, Integer offset) {

    /** The payments whose {@code external_reference} is exactly {@code reference}, oldest first. */
    public static PaymentSearch byExternalReference(String reference) {
        return new PaymentSearch(reference, null, null, null, null, "date_created", "asc", 50, 0);
    }

    /** The payments last updated in {@code [from, to]} (Mercado Pago dates), oldest change first. */
    public static PaymentSearch updatedBetween(String from, String to, int limit) {
        return new PaymentSearch(null, null, "date_last_updated", from, to, "date_last_updated", "asc", limit, 0);
    }

    /** The same query from another offset. */
    public PaymentSearch from(int newOffset) {
        return new PaymentSearch(externalReference, status, range, beginDate, endDate, sort, criteria, limit,
                newOffset);
    }
}
