package dev.mpmarketplace.sandbox.mercadopago.customers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The customers part of the sandbox state. Guarded by the sandbox state's lock; persisted as JSON (public fields). */
public final class CustomersState {
    /** Every saved card of every customer, by card id. */
    public Map<String, SavedCard> cards = new HashMap<>();
    /** Every customer of every seller, by customer id, in creation order. */
    public Map<String, Customer> customers = new LinkedHashMap<>();
    /**
     * The payer id behind each e-mail (lower case): the numeric prefix of the customer ids made for that e-mail, the
     * same for every seller, as Mercado Pago identifies a payer by e-mail.
     */
    public Map<String, Long> payerIdsByEmail = new HashMap<>();

    /** The saved card with that id belonging to a customer of that seller, or {@code null}. */
    public SavedCard findCard(long userId, String cardId) {
        SavedCard card = cardId == null ? null : cards.get(cardId);
        return card != null && card.userId == userId ? card : null;
    }

    /**
     * The customer with that id if it belongs to that seller ({@code userId} = the collector), or {@code null} for an
     * unknown, deleted or foreign customer. For payments with {@code payer.type = customer}.
     */
    public Customer findCustomer(long userId, String customerId) {
        Customer customer = customerId == null ? null : customers.get(customerId);
        return customer != null && customer.userId == userId ? customer : null;
    }

    /** The saved cards of a customer in the order they were saved. */
    public List<SavedCard> cardsOf(Customer customer) {
        List<SavedCard> saved = new ArrayList<>();
        for (String id : customer.cardIds) {
            SavedCard card = cards.get(id);
            if (card != null) {
                saved.add(card);
            }
        }
        return saved;
    }

    /** The seller's customer with that e-mail (compared ignoring case), or {@code null}. */
    Customer findByEmail(long userId, String email) {
        String wanted = email.toLowerCase(Locale.ROOT);
        for (Customer customer : customers.values()) {
            if (customer.userId == userId && customer.email.toLowerCase(Locale.ROOT).equals(wanted)) {
                return customer;
            }
        }
        return null;
    }
}
