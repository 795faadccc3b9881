package dev.mpmarketplace.sandbox.launcher.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrderGuardCountsTest {

    /** Part of order-projection-service's {@code /q/metrics}, as Micrometer's Prometheus registry writes it. */
    private static final String BEFORE_THE_KILL = """
            # HELP orders_facts_total Facts applied to the order model
            # TYPE orders_facts_total counter
            orders_facts_total{kind="mercadolibre_order",outcome="changed"} 40.0
            orders_facts_total{kind="mercadolibre_order",outcome="stale"} 3.0
            orders_facts_total{kind="mercadolibre_order",outcome="backwards"} 1.0
            orders_facts_total{kind="payment_status",outcome="stale"} 7.0
            # HELP orders_fetches_total Mercado Libre orders fetched, by what caused the fetch and its end
            # TYPE orders_fetches_total counter
            orders_fetches_total{cause="notification",outcome="stale"} 2.0
            orders_fetches_total{cause="reread",outcome="stale"} 1.0
            orders_fetches_total{cause="missed_feed",outcome="backwards"} 1.0
            orders_fetches_total{cause="notification",outcome="applied"} 40.0
            orders_fetch_seconds_count 44.0
            """;

    private static final String AFTER_THE_RESTART = """
            orders_facts_total{kind="mercadolibre_order",outcome="stale"} 2.0
            orders_fetches_total{cause="reread",outcome="stale"} 2.0
            """;

    @Test
    void refusalsOfMercadoLibreAnswersAreSummedOverTheScrapesOfOneRun() {
        OrderGuardCounts counts = new OrderGuardCounts();
        counts.add(BEFORE_THE_KILL);
        counts.add(AFTER_THE_RESTART);

        assertThat(counts.refusals()).isEqualTo(6); // 3 + 2 stale, 1 backwards; the payment facts are not answers
        assertThat(counts.render()).contains("refused 6 Mercado Libre answer(s): stale 5, backwards 1")
                .contains("missed_feed/backwards=1").contains("reread/stale=3").contains("notification/stale=2")
                .doesNotContain("notification/applied")
                .contains("fetches 46 {missed_feed=1, notification=42, reread=3}")
                .contains("2 scrape(s)");
    }

    @Test
    void aBuildWhoseGuardRefusedNothingCountsNone() {
        OrderGuardCounts counts = new OrderGuardCounts();
        counts.add("orders_facts_total{kind=\"mercadolibre_order\",outcome=\"changed\"} 12.0\n");

        assertThat(counts.refusals()).isZero();
    }
}
