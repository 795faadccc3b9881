package dev.mpmarketplace.benchmark.springreceiver;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The benchmark's Spring peer: a Mercado Pago webhook receiver written the way Spring Boot's and Spring for Apache
 * Kafka's guides teach (auto-configured Tomcat and {@code KafkaTemplate}, one controller, properties for the rest).
 */
@SpringBootApplication
public class WebhookReceiverApplication {

    public static void main(String[] args) {
        SpringApplication.run(WebhookReceiverApplication.class, args);
    }
}
