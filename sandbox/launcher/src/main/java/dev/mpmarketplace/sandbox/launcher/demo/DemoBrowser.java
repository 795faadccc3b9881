package dev.mpmarketplace.sandbox.launcher.demo;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The person's browser: Debian's headless Chromium driven through {@code chromium-driver} (decision 0011; the
 * {@code ./marketplace} script installs both when missing), started on first use, a fresh profile each run.
 */
final class DemoBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /**
     * Selenium warns through java.util.logging when Chromium is newer than its DevTools bindings, which the demo does
     * not use: only its errors reach the terminal. Held here, as the logging framework keeps loggers weakly.
     */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa");

    static {
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    private ChromeDriverService service;
    private WebDriver driver;
    private Path profile;

    /** The driver, started on first use. */
    private WebDriver driver() {
        if (driver != null) {
            return driver;
        }
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new DemoException(CHROMIUM + " or " + CHROMEDRIVER + " is missing: install Debian's chromium and"
                    + " chromium-driver (sandbox/launcher/install-chromium.sh, which ./marketplace demo runs)");
        }
        try {
            profile = Files.createTempDirectory("marketplace-demo-chromium");
        } catch (IOException e) {
            throw new DemoException("no temporary directory for Chromium's profile: " + e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** Opens a URL and waits for an element. */
    void open(String url, String waitForCss) {
        driver().get(url);
        waitFor(waitForCss);
    }

    /** Waits for an element; when it does not come, says which page the browser shows instead. */
    WebElement waitFor(String css) {
        try {
            return new WebDriverWait(driver(), Duration.ofSeconds(30))
                    .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
        } catch (TimeoutException e) {
            String page = driver().findElements(By.cssSelector("h1, #error")).stream().map(WebElement::getText)
                    .reduce((a, b) -> a + " / " + b).orElse("");
            throw new DemoException("the browser shows no " + css + " within 30 s; it is at "
                    + URI.create(driver().getCurrentUrl()).getRawPath() + " showing \"" + DemoHttp.abbreviated(page)
                    + "\"");
        }
    }

    void select(String css, String value) {
        new Select(driver().findElement(By.cssSelector(css))).selectByValue(value);
    }

    void type(String css, String text) {
        WebElement field = driver().findElement(By.cssSelector(css));
        field.clear();
        field.sendKeys(text);
    }

    void click(String css) {
        driver().findElement(By.cssSelector(css)).click();
    }

    String text(String css) {
        return driver().findElement(By.cssSelector(css)).getText().trim();
    }

    String currentUrl() {
        return driver().getCurrentUrl();
    }

    @Override
    public void close() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (profile != null) {
            try (var paths = Files.walk(profile)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
