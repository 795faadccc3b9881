package dev.mpmarketplace.sandbox.launcher.faults;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.mpmarketplace.sandbox.launcher.LocalService;

/**
 * The suite's settings, from system properties the script {@code sandbox/launcher/run-fault-suite.sh} passes on:
 * sizes of the load, and variables added to a service's environment ({@code -Dfaults.env.<module>=K=V,K=V}), which
 * is how the suite is run against a deliberately misconfigured service to show that a scenario can fail.
 */
final class FaultSuite {

    private FaultSuite() {
    }

    static int integer(String name, int fallback) {
        return Integer.getInteger("faults." + name, fallback);
    }

    /** Per service module, the variables given with {@code -Dfaults.env.<module>}. */
    static Map<String, Map<String, String>> extraEnv() {
        Map<String, Map<String, String>> env = new HashMap<>();
        for (LocalService service : LocalService.ALL) {
            String value = System.getProperty("faults.env." + service.module(), "");
            Map<String, String> variables = new HashMap<>();
            for (String pair : List.of(value.split(","))) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    variables.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
                }
            }
            if (!variables.isEmpty()) {
                System.out.println("fault suite: " + service.module() + " runs with " + variables);
                env.put(service.module(), variables);
            }
        }
        return env;
    }
}
