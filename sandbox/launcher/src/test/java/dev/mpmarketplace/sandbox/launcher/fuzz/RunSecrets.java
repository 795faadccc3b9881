package dev.mpmarketplace.sandbox.launcher.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.sandbox.launcher.LocalRun;

/**
 * The secrets a local run holds at this moment, read where they live: the sandbox's control API (the application's
 * client and webhook secrets, every user's own access token, the Point integrators' tokens), the Vault token file, and
 * Vault itself (every linked seller's access and refresh token, every Point integrator key, as the services stored
 * them). A log or an answer holding any of them leaks.
 *
 * @param values every secret value
 * @param linkedSellers the ids of the sellers whose tokens Vault holds
 */
public record RunSecrets(List<String> values, List<Long> linkedSellers) {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public static RunSecrets read(LocalRun localRun) {
        Set<String> values = new LinkedHashSet<>();
        List<Long> sellers = new ArrayList<>();
        try {
            for (JsonNode application : get(localRun.sandboxUrl() + "/sandbox/applications", null)) {
                values.add(application.path("client_secret").asText());
                values.add(application.path("webhook_secret").asText());
            }
            for (JsonNode user : get(localRun.sandboxUrl() + "/sandbox/users", null)) {
                values.add(user.path("access_token").asText());
            }
            for (JsonNode integrator : get(localRun.sandboxUrl() + "/sandbox/point/integrators", null)) {
                values.add(integrator.path("token").asText());
            }
            Path tokenFile = localRun.data().resolve("vault/root-token");
            String vaultToken = localRun.externalVault() != null
                    ? localRun.externalVaultToken()
                    : Files.isRegularFile(tokenFile) ? Files.readString(tokenFile).trim() : null;
            if (vaultToken != null) {
                values.add(vaultToken);
                for (String prefix : List.of("sellers", "point-integrators")) {
                    JsonNode keys = get(localRun.vaultUrl() + "/v1/secret/metadata/" + prefix + "?list=true",
                            vaultToken).path("data").path("keys");
                    for (JsonNode key : keys) {
                        JsonNode secret = get(localRun.vaultUrl() + "/v1/secret/data/" + prefix + "/" + key.asText(),
                                vaultToken).path("data").path("data");
                        secret.fields().forEachRemaining(field -> {
                            // access_token, refresh_token, key: not the scope, the public key or the dates beside them
                            String name = field.getKey();
                            if (field.getValue().isTextual() && (name.contains("token") || name.contains("secret")
                                    || name.equals("key"))) {
                                values.add(field.getValue().asText());
                            }
                        });
                        if (prefix.equals("sellers") && key.asText().matches("\\d+")) {
                            sellers.add(Long.parseLong(key.asText()));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        // Short values (a seller's id, a timestamp) are not secrets; SecretScanner ignores them as well.
        values.removeIf(value -> value.length() < 16);
        return new RunSecrets(List.copyOf(values), List.copyOf(sellers));
    }

    /** The answer as JSON; a missing list (404, nothing stored yet) as an empty node. */
    private static JsonNode get(String url, String vaultToken) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (vaultToken != null) {
            request.header("X-Vault-Token", vaultToken);
        }
        HttpResponse<String> response = HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            return FuzzInputs.JSON.createObjectNode();
        }
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + url.replaceAll("\\?.*", ""));
        }
        return FuzzInputs.JSON.readTree(response.body());
    }

    /** Never the values. */
    @Override
    public String toString() {
        return "RunSecrets[" + values.size() + " values, sellers " + linkedSellers + "]";
    }
}
