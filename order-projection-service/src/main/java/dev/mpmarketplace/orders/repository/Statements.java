package dev.mpmarketplace.orders.repository;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The model's statements for the reactive SQL client, made from one list of columns per table so that a statement and
 * the parameters or row it goes with cannot disagree on the order of the columns (the list is the order of both).
 */
final class Statements {

    private Statements() {
    }

    /** {@code INSERT INTO table (c1, ..., cn) VALUES ($1, ..., $n)}. */
    static String insert(String table, List<String> columns) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + placeholders(1, columns.size()) + ")";
    }

    /**
     * {@code UPDATE table SET (c(k+1), ..., cn) = ($(k+1), ..., $n) WHERE c1 = $1 AND ... AND ck = $k}: the first
     * {@code keys} columns name the row, the others are written.
     */
    static String update(String table, List<String> columns, int keys) {
        String where = IntStream.range(0, keys).mapToObj(i -> columns.get(i) + " = $" + (i + 1))
                .collect(Collectors.joining(" AND "));
        return "UPDATE " + table + " SET (" + String.join(", ", columns.subList(keys, columns.size())) + ") = ("
                + placeholders(keys + 1, columns.size()) + ") WHERE " + where;
    }

    /** {@code SELECT c1, ..., cn FROM table WHERE condition}. */
    static String select(String table, List<String> columns, String condition) {
        return "SELECT " + String.join(", ", columns) + " FROM " + table + " WHERE " + condition;
    }

    /** The rows {@code sql} answers for {@code parameters}, each mapped by {@code mapper}, in their order. */
    static <T> Uni<List<T>> list(SqlClient connection, String sql, Tuple parameters, Function<Row, T> mapper) {
        return connection.preparedQuery(sql).execute(parameters).map(rows -> {
            List<T> mapped = new ArrayList<>(rows.size());
            rows.forEach(row -> mapped.add(mapper.apply(row)));
            return mapped;
        });
    }

    /** {@code sql} once per item, its parameters made by {@code values}, in one batch; nothing for no items. */
    static <T> Uni<Void> batch(SqlClient connection, String sql, List<T> items, Function<T, Tuple> values) {
        return items.isEmpty()
                ? Uni.createFrom().voidItem()
                : connection.preparedQuery(sql).executeBatch(items.stream().map(values).toList()).replaceWithVoid();
    }

    private static String placeholders(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "$" + i).collect(Collectors.joining(", "));
    }
}
