package dev.mpmarketplace.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import dev.mpmarketplace.deploy.PlatformService.Exposure;

/**
 * Network policies as the issue states them: everything denied; from outside only the webhook endpoints (and the
 * seller-facing OAuth pages), through the ingress; the marketplace's backends to the APIs; each service out to Kafka,
 * its database and Vault only, plus HTTPS to the internet where it calls Mercado Pago or fetches the JWKS.
 */
class NetworkPolicyTest {

    static Stream<Path> overlays() {
        return Repository.overlays().stream();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everythingNotAllowedIsDeniedAndOnlyNameResolutionIsAllowedToAll(Path overlay) {
        Rendered rendered = Rendered.of(overlay);
        JsonNode deny = rendered.find("NetworkPolicy", "marketplace-default-deny").orElseThrow().get("spec");
        assertThat(deny.at("/podSelector/matchLabels/app.kubernetes.io~1part-of").asText()).isEqualTo("mp-marketplace");
        assertThat(Rendered.elements(deny.get("policyTypes")).map(JsonNode::asText)).containsExactlyInAnyOrder(
                "Ingress",
                "Egress");
        assertThat(deny.has("ingress") || deny.has("egress")).isFalse();
        JsonNode dns = rendered.find("NetworkPolicy", "marketplace-dns").orElseThrow().get("spec");
        assertThat(rules(dns.get("egress"), "to")).containsExactlyInAnyOrder(
                "kubernetes.io/metadata.name=kube-system,k8s-app=kube-dns:53/UDP",
                "kubernetes.io/metadata.name=kube-system,k8s-app=kube-dns:53/TCP");
        Set<String> expected = Stream.concat(Stream.of("marketplace-default-deny", "marketplace-dns"),
                Stream.of(PlatformService.values()).map(PlatformService::serviceName)).collect(Collectors.toSet());
        assertThat(rendered.ofKind("NetworkPolicy").map(Rendered::nameOf)).containsAll(expected);
        // An overlay may add a policy only to reach its stand-ins for the outside world (dev: the sandbox, an IdP).
        rendered.ofKind("NetworkPolicy").filter(p -> !expected.contains(Rendered.nameOf(p))).forEach(extra -> {
            assertThat(overlay.endsWith("prod")).as("production adds no policy: %s", Rendered.nameOf(extra)).isFalse();
            assertThat(extra.at("/spec/ingress").isMissingNode()).as(Rendered.nameOf(extra)).isTrue();
            assertThat(rules(extra.at("/spec/egress"), "to")).as(Rendered.nameOf(extra))
                    .allMatch(r -> r.startsWith("mpmarketplace.dev/dev-dependencies=true:"));
        });
        // Every pod of the platform is under the deny-all policy.
        rendered.ofKind("Deployment").forEach(d -> assertThat(
                d.at("/spec/template/metadata/labels/app.kubernetes.io~1part-of").asText())
                .isEqualTo("mp-marketplace"));
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void eachServiceIsReachedByAndReachesOnlyWhatItsCatalogEntrySays(Path overlay) {
        Rendered rendered = Rendered.of(overlay);
        for (PlatformService service : PlatformService.values()) {
            JsonNode spec = rendered.find("NetworkPolicy", service.serviceName()).orElseThrow().get("spec");
            assertThat(spec.at("/podSelector/matchLabels/app.kubernetes.io~1name").asText()).isEqualTo(
                    service.serviceName());
            assertThat(Rendered.elements(spec.get("policyTypes")).map(JsonNode::asText)).containsExactlyInAnyOrder(
                    "Ingress", "Egress");
            assertThat(rules(spec.get("ingress"), "from")).as("ingress of %s", service.serviceName())
                    .containsExactlyInAnyOrderElementsOf(expectedIngress(service));
            assertThat(rules(spec.get("egress"), "to")).as("egress of %s", service.serviceName())
                    .containsExactlyInAnyOrderElementsOf(expectedEgress(service));
        }
    }

    static Set<String> expectedIngress(PlatformService service) {
        Set<String> rules = new TreeSet<>();
        if (service.isPublic()) {
            rules.add("mpmarketplace.dev/ingress=true:http/TCP");
        }
        if (service.exposure().contains(Exposure.API)) {
            rules.add("mpmarketplace.dev/api-clients=true:http/TCP");
        }
        rules.add("mpmarketplace.dev/monitoring=true:management/TCP");
        return rules;
    }

    static Set<String> expectedEgress(PlatformService service) {
        Set<String> rules = new TreeSet<>();
        rules.add("mpmarketplace.dev/kafka=true:9093/TCP");
        service.database().ifPresent(db -> rules.add("mpmarketplace.dev/postgresql=true:5432/TCP"));
        if (service.usesVault()) {
            rules.add("mpmarketplace.dev/vault=true:8200/TCP");
        }
        if (service.exposure().contains(Exposure.API) || service.exposure().contains(Exposure.MERCADOPAGO_API)) {
            rules.add("internet:443/TCP");
        }
        return rules;
    }

    /**
     * Each rule flattened to {@code <peer>:<port>/<protocol>}. A rule without peers or without ports (everything) is
     * written so that it can never match an expected rule.
     */
    static Set<String> rules(JsonNode rules, String peersField) {
        Set<String> flat = new TreeSet<>();
        for (JsonNode rule : rules) {
            Set<String> peers = Rendered.elements(rule.path(peersField)).map(NetworkPolicyTest::peer)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (peers.isEmpty()) {
                peers.add("ANYONE");
            }
            Set<String> ports = Rendered.elements(rule.path("ports"))
                    .map(p -> p.path("port").asText("ALL") + "/" + p.path("protocol").asText("TCP"))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (ports.isEmpty()) {
                ports.add("EVERY-PORT");
            }
            peers.forEach(peer -> ports.forEach(port -> flat.add(peer + ":" + port)));
        }
        return flat;
    }

    private static String peer(JsonNode peer) {
        if (peer.has("ipBlock")) {
            boolean internetOnly = "0.0.0.0/0".equals(peer.at("/ipBlock/cidr").asText())
                    && Rendered.elements(peer.at("/ipBlock/except")).map(JsonNode::asText).collect(Collectors.toSet())
                            .containsAll(Set.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"));
            return internetOnly ? "internet" : "ipBlock " + peer.get("ipBlock");
        }
        if (!peer.has("namespaceSelector") || peer.at("/namespaceSelector/matchLabels").isEmpty()) {
            return "UNRESTRICTED " + peer;
        }
        Set<String> labels = new TreeSet<>();
        peer.at("/namespaceSelector/matchLabels").fields()
                .forEachRemaining(l -> labels.add(l.getKey() + "=" + l.getValue().asText()));
        if (peer.has("podSelector")) {
            peer.at("/podSelector/matchLabels").fields()
                    .forEachRemaining(l -> labels.add(l.getKey() + "=" + l.getValue().asText()));
        }
        return labels.stream().sorted((a, b) -> a.startsWith("kubernetes.io")
                ? -1
                : b.startsWith("kubernetes.io")
                        ? 1
                        : a.compareTo(b))
                .collect(Collectors.joining(","));
    }
}
