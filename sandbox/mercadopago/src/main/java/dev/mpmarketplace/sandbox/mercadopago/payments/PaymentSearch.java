package dev.mpmarketplace.sandbox.mercadopago.payments;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.MultiMap;

import dev.mpmarketplace.sandbox.mercadopago.http.ApiError;
import dev.mpmarketplace.sandbox.mercadopago.state.SandboxState;

/**
 * {@code GET /v1/payments/search}: the principal's payments filtered by {@code external_reference}, {@code status},
 * {@code payer.id}, {@code payment_method_id}, {@code id} and a date {@code range} between {@code begin_date} and
 * {@code end_date} (ISO-8601 or relative, {@code NOW-30DAYS}), sorted by {@code sort} in {@code criteria} order,
 * paged by {@code limit} (default 30, at most 1000) and {@code offset}.
 */
final class PaymentSearch {

    static final int DEFAULT_LIMIT = 30;
    static final int MAX_LIMIT = 1000;

    private static final Pattern RELATIVE = Pattern.compile(
            "NOW(?:([+-])(\\d{1,6})(SECONDS?|MINUTES?|HOURS?|DAYS?|WEEKS?|MONTHS?|YEARS?))?",
            Pattern.CASE_INSENSITIVE);
    /** ISO-8601 with any of the offset spellings Mercado Pago's clients send ({@code -04:00}, {@code -0400}, Z). */
    private static final DateTimeFormatter OFFSET_DATE_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd().toFormatter(Locale.ROOT);
    private static final Map<String, Function<Payment, Comparable<?>>> SORTS = Map.of(
            "date_created", p -> p.dateCreated,
            "date_approved", p -> p.dateApproved,
            "date_last_updated", p -> p.dateLastUpdated,
            "money_release_date", p -> p.moneyReleaseDate,
            "id", p -> p.id,
            "transaction_amount", p -> p.transactionAmount,
            "external_reference", p -> p.externalReference,
            "status", p -> p.status);

    private static final Set<String> RANGES = Set.of("date_created", "date_approved", "date_last_updated",
            "money_release_date");

    /** A parsed search. */
    record Query(String externalReference, String status, String payerId, String paymentMethodId, Long id,
            String sort, boolean ascending, String range, Instant begin, Instant end, int limit, int offset) {
    }

    private PaymentSearch() {
    }

    /**
     * Parses the query string.
     *
     * @throws ApiError 400 {@code 1} for a bad sort, criteria, range, limit or offset; {@code 1000} for a limit over
     *         1000; {@code 1001} for a date that does not parse
     */
    static Query parse(MultiMap params, Instant now) {
        String sort = params.get("sort") == null || params.get("sort").isBlank() ? "date_created" : params.get("sort");
        if (!SORTS.containsKey(sort)) {
            throw ApiError.badRequest(1, "Params Error: sort must be one of " + String.join(", ", SORTS.keySet()));
        }
        String criteria = params.get("criteria") == null ? "desc" : params.get("criteria").toLowerCase(Locale.ROOT);
        if (!criteria.equals("asc") && !criteria.equals("desc")) {
            throw ApiError.badRequest(1, "Params Error: criteria must be asc or desc");
        }
        String range = params.get("range");
        if (range != null && !RANGES.contains(range)) {
            throw ApiError.badRequest(1, "Params Error: range must be date_created, date_approved,"
                    + " date_last_updated or money_release_date");
        }
        Instant begin = date(params.get("begin_date"), now);
        Instant end = date(params.get("end_date"), now);
        int limit = number(params.get("limit"), DEFAULT_LIMIT, "limit");
        if (limit > MAX_LIMIT) {
            throw ApiError.badRequest(1000, "rows exceeded: limit must be at most " + MAX_LIMIT);
        }
        int offset = number(params.get("offset"), 0, "offset");
        Long id = null;
        if (params.get("id") != null) {
            try {
                id = Long.parseLong(params.get("id"));
            } catch (NumberFormatException e) {
                throw ApiError.badRequest(1, "Params Error: id must be a number");
            }
        }
        return new Query(params.get("external_reference"), params.get("status"), params.get("payer.id"),
                params.get("payment_method_id"), id, sort, criteria.equals("asc"),
                range == null && (begin != null || end != null) ? "date_created" : range, begin, end, limit, offset);
    }

    /** Whether any of the collector's payments has a lazy rule due (the search must then run as a write). */
    static boolean refreshDue(SandboxState state, PaymentService service, long userId) {
        for (Long id : state.payments.paymentIdsOf(userId)) {
            if (service.refreshDue(state.payments.payments.get(id))) {
                return true;
            }
        }
        return false;
    }

    static void refreshAll(SandboxState state, PaymentService service, long userId) {
        for (Long id : state.payments.paymentIdsOf(userId)) {
            service.refresh(state, state.payments.payments.get(id));
        }
    }

    /** Runs the search over the collector's payments; the answer as bytes. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static byte[] run(SandboxState state, long userId, Query query) {
        List<Payment> matches = new ArrayList<>();
        Function<Payment, Comparable<?>> rangeField = query.range() == null ? null : SORTS.get(query.range());
        for (Long id : state.payments.paymentIdsOf(userId)) {
            Payment p = state.payments.payments.get(id);
            if (query.externalReference() != null && !query.externalReference().equals(p.externalReference)
                    || query.status() != null && !query.status().equals(p.status)
                    || query.paymentMethodId() != null && !query.paymentMethodId().equals(p.paymentMethodId)
                    || query.id() != null && query.id() != p.id
                    || query.payerId() != null && !query.payerId().equals(p.payer.path("id").asText(null))) {
                continue;
            }
            if (rangeField != null) {
                Instant at = (Instant) rangeField.apply(p);
                if (at == null || query.begin() != null && at.isBefore(query.begin())
                        || query.end() != null && at.isAfter(query.end())) {
                    continue;
                }
            }
            matches.add(p);
        }
        Function<Payment, Comparable<?>> key = SORTS.get(query.sort());
        Comparator<Payment> order = Comparator.comparing(p -> (Comparable) key.apply(p),
                Comparator.nullsLast(Comparator.naturalOrder()));
        order = order.thenComparingLong(p -> p.id);
        if (!query.ascending()) {
            order = order.reversed();
        }
        matches.sort(order);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + Math.min(matches.size(), query.limit()) * 3072);
        write(out, "{\"paging\":{\"total\":" + matches.size() + ",\"limit\":" + query.limit() + ",\"offset\":"
                + query.offset() + "},\"results\":[");
        int last = (int) Math.min(matches.size(), (long) query.offset() + query.limit());
        for (int i = query.offset(); i < last; i++) {
            if (i > query.offset()) {
                out.write(',');
            }
            out.writeBytes(PaymentJson.bytes(matches.get(i)));
        }
        write(out, "]}");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static int number(String value, int absent, String name) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(1, "Params Error: " + name + " must be a non-negative integer");
        }
    }

    /** ISO-8601 (with or without an offset; without one, the sandbox's -04:00) or {@code NOW[+-]<n><UNIT>}. */
    static Instant date(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        Matcher relative = RELATIVE.matcher(text);
        if (relative.matches()) {
            if (relative.group(1) == null) {
                return now;
            }
            long amount = Long.parseLong(relative.group(2)) * (relative.group(1).equals("-") ? -1 : 1);
            String unit = relative.group(3).toUpperCase(Locale.ROOT);
            ChronoUnit chrono = switch (unit.endsWith("S") ? unit.substring(0, unit.length() - 1) : unit) {
                case "SECOND" -> ChronoUnit.SECONDS;
                case "MINUTE" -> ChronoUnit.MINUTES;
                case "HOUR" -> ChronoUnit.HOURS;
                case "DAY" -> ChronoUnit.DAYS;
                case "WEEK" -> ChronoUnit.WEEKS;
                case "MONTH" -> ChronoUnit.MONTHS;
                default -> ChronoUnit.YEARS;
            };
            return now.atOffset(ZoneOffset.UTC).plus(amount, chrono).toInstant();
        }
        try {
            var parsed = OFFSET_DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof OffsetDateTime offset) {
                return offset.toInstant();
            }
            return ((LocalDateTime) parsed).atOffset(ZoneOffset.ofHours(-4)).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(1001, "date format must be yyyy-MM-dd'T'HH:mm:ss.SSSZ (or NOW-30DAYS): "
                    + value);
        }
    }
}
