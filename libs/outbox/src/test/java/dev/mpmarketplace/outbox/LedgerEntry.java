package dev.mpmarketplace.outbox;

import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

/** A change of the test application's own, committed together with its event. */
@Entity
@Table(name = "ledger_entry")
public class LedgerEntry extends PanacheEntityBase {

    @Id
    public Long id;

    public BigDecimal amount;

    static LedgerEntry of(long id, String amount) {
        LedgerEntry entry = new LedgerEntry();
        entry.id = id;
        entry.amount = new BigDecimal(amount);
        return entry;
    }
}
