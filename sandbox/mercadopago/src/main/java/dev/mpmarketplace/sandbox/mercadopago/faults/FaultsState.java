package dev.mpmarketplace.sandbox.mercadopago.faults;

import java.util.ArrayList;
import java.util.List;

/**
 * The fault rules in force, in creation order. Guarded by the sandbox state's lock; persisted as JSON (public
 * fields). It lives inside {@link dev.mpmarketplace.sandbox.mercadopago.webhooks.WebhooksState} so that
 * {@code POST /sandbox/reset} clears the rules with the rest of the state and a restart keeps them.
 */
public final class FaultsState {
    public List<FaultRule> rules = new ArrayList<>();
    public long nextRuleNumber = 1;
}
