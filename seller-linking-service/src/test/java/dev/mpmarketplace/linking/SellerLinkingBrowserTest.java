package dev.mpmarketplace.linking;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;

import dev.mpmarketplace.linking.support.Links;
import dev.mpmarketplace.sandbox.mercadopago.MercadoPagoSandbox;
import dev.mpmarketplace.testing.auth.ApiTokens;
import dev.mpmarketplace.testing.auth.InjectApiTokens;
import dev.mpmarketplace.testing.auth.WithApiTokens;
import dev.mpmarketplace.testing.kafka.WithKafkaBroker;
import dev.mpmarketplace.testing.mercadopago.InjectMercadoPagoSandbox;
import dev.mpmarketplace.testing.mercadopago.SandboxControl;
import dev.mpmarketplace.testing.mercadopago.WithMercadoPagoSandbox;
import dev.mpmarketplace.testing.postgres.WithPostgres;
import dev.mpmarketplace.testing.vault.WithVaultDevServer;

/**
 * The whole link in a real browser: headless Chromium (Debian's {@code chromium}, driven through
 * {@code chromium-driver}; both installed by {@code install-chromium.sh} when missing) opens the service's link URL,
 * approves on the sandbox's consent page, and lands on the success page; the seller is then LINKED.
 */
@QuarkusTest
@WithKafkaBroker
@WithPostgres
@WithVaultDevServer
@WithMercadoPagoSandbox(webhookUrl = "http://127.0.0.1:9/webhooks/mercadopago")
@WithApiTokens
class SellerLinkingBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @InjectMercadoPagoSandbox
    MercadoPagoSandbox sandbox;

    @InjectApiTokens
    ApiTokens tokens;

    /** Every call of these tests is the marketplace's backend with every role; ApiAccessTest checks the roles. */
    @BeforeEach
    void asTheMarketplacesBackend() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", tokens.admin()).build();
    }

    @BeforeAll
    static void chromiumIsInstalled() throws Exception {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        Path script = Path.of("src/test/resources/install-chromium.sh");
        Process install = new ProcessBuilder("sh", script.toString()).inheritIO().start();
        assertThat(install.waitFor(10, TimeUnit.MINUTES)).as("chromium installation finished").isTrue();
        assertThat(install.exitValue()).as("install-chromium.sh exit code").isZero();
    }

    @Test
    void aSellerLinksInARealBrowserAndLandsOnTheSuccessPage() throws Exception {
        long sellerId = new SandboxControl(sandbox.url()).newSeller();
        Path profile = Files.createTempDirectory("chromium-profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            // The marketplace's backend starts the link; the seller's browser follows the single-use URL it got.
            browser.get(Links.linkUrl("browser-shop").toString());

            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("select#user_id")));
            assertThat(browser.getCurrentUrl()).startsWith(sandbox.url() + "/authorization?");
            new Select(browser.findElement(By.cssSelector("select#user_id"))).selectByValue(Long.toString(sellerId));
            browser.findElement(By.cssSelector("button#approve")).click();

            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("h1#linked")));
            assertThat(browser.getCurrentUrl())
                    .isEqualTo("http://127.0.0.1:" + RestAssured.port + "/sellers/link/success");
        } finally {
            browser.quit();
            service.stop();
        }
        given().get("/sellers/{id}", sellerId).then().statusCode(200).body("status", equalTo("LINKED"))
                .body("reference", equalTo("browser-shop"));
    }
}
