package org.commonground.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.commonground.platform.testing.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The public dashboard in a real browser (headless Chromium), through the gateway: every chart draws, the recognition
 * wall names only members who consented, a script in a display name is shown as text, and screenshots are kept at
 * phone and desktop widths in {@code target/}.
 */
class DashboardBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    // markup that would run if the page ever put a name in as HTML (a <script> added that way never runs, an onerror does)
    private static final String SCRIPT_NAME = "<img src=x onerror=\"window.pwned=1\"> Lee";

    private static ChromeDriver browser;
    private static String partnership;

    private static RequestSpecification as(String user) {
        return Suite.api().auth().oauth2(Tokens.of(user)).contentType(ContentType.JSON);
    }

    @BeforeAll
    static void aPartnershipWithAConsentingAndAQuietContributor() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "Debian's chromium and chromium-driver are not installed (deploy/local/stack test installs them as root)");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        partnership = as("sam").body("{\"name\":\"Dashboard garden " + UUID.randomUUID().toString().substring(0, 6) + "\",\"partnerName\":"
                        + "\"Acme Hardware\",\"partnerOrganization\":\"acme\",\"purpose\":\"Grow vegetables together behind the library.\","
                        + "\"memberNeeds\":\"Fresh food.\",\"partnerContributes\":\"Seeds and tools.\",\"communityContributes\":\"Gardeners.\"}")
                .post("/api/partnerships").then().statusCode(201).extract().path("id");
        // neighbour-35 takes a name with markup in it and allows public recognition; neighbour-36 does not (users no service test has used)
        for (String[] member : new String[][] { { "neighbour-35", SCRIPT_NAME }, { "neighbour-36", "Quiet Member" } }) {
            int status = as(member[0]).body("{\"displayName\":" + json(member[1]) + "}").post("/api/members").then().extract().statusCode();
            assertTrue(status == 201 || status == 409, member[0] + " joins: " + status);
            as(member[0]).header("If-Match", "*").body("{\"displayName\":" + json(member[1]) + "}").put("/api/members/me").then().statusCode(200);
        }
        as("neighbour-35").body("{\"granted\":true}").put("/api/members/me/consents/public-recognition").then().statusCode(200);
        as("neighbour-36").body("{\"granted\":false}").put("/api/members/me/consents/public-recognition").then().statusCode(200);
        String proposal = "{\"kind\":\"PROGRAM\",\"title\":\"Saturday weeding\",\"problem\":\"Weeds.\",\"approach\":\"Weed on Saturdays.\"}";
        String key = UUID.randomUUID().toString();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> as("neighbour-35").header("Idempotency-Key", key).body(proposal)
                .post("/api/partnerships/" + partnership + "/initiatives").statusCode() == 201);
        String initiative = as("neighbour-35").header("Idempotency-Key", key).body(proposal).post("/api/partnerships/" + partnership + "/initiatives")
                .then().extract().path("id");
        for (String user : List.of("neighbour-35", "neighbour-36")) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> as(user).post("/api/initiatives/" + initiative + "/participants/me")
                    .statusCode() < 300);
            String contribution = as(user).body("{\"type\":\"OTHER\",\"description\":\"Weeded the beans.\",\"hours\":0.25,\"occurredOn\":\"" + today + "\"}")
                    .post("/api/initiatives/" + initiative + "/contributions").then().statusCode(201).extract().path("id");
            as("sam").body("{\"impact\":\"LOW\"}").post("/api/contributions/" + contribution + "/verify").then().statusCode(200);
        }
        // reporting has learned it all (the name arrives on the members topic, the contributions on theirs)
        // on a fresh stack reporting may still be reading the backlog the other tests left on the topics
        Awaitility.await().atMost(Duration.ofMinutes(3)).until(() -> Suite.api().accept(ContentType.JSON)
                .get("/api/public/reports/transparency?partnershipId=" + partnership + "&period=" + quarter()).then().extract()
                .jsonPath().getList("recognition.displayName").contains(SCRIPT_NAME));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(), options);
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static String quarter() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return today.getYear() + "-Q" + ((today.getMonthValue() - 1) / 3 + 1);
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private void open(int width, int height) {
        browser.manage().window().setSize(new Dimension(width, height));
        browser.get(Suite.gateway() + "/dashboard?partnership=" + partnership + "&period=" + quarter());
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-rendered"))
                || d.findElement(By.id("status")).getAttribute("data-error") != null);
        assertEquals(null, browser.findElement(By.id("status")).getAttribute("data-error"), browser.findElement(By.id("status")).getText());
    }

    @Test
    void everyChartDrawsAndTheWallNamesOnlyConsentingMembersAsText() throws Exception {
        open(1280, 900);
        for (String chart : List.of("chart-over-time", "chart-formats", "chart-pipeline", "chart-participation")) {
            WebElement node = browser.findElement(By.id(chart));
            List<WebElement> drawn = node.findElements(By.cssSelector("svg path, svg rect, svg text"));
            assertFalse(drawn.isEmpty(), chart + " drew nothing");
            assertFalse(node.getAttribute("aria-label").isBlank(), chart + " has no text alternative");
        }
        String wall = browser.findElement(By.id("wall")).getText();
        assertTrue(wall.contains(SCRIPT_NAME), "the consenting member is named, her name shown as text: " + wall);
        assertFalse(wall.contains("Quiet Member"), "a member who did not consent is not named");
        assertEquals(null, ((JavascriptExecutor) browser).executeScript("return window.pwned === undefined ? null : window.pwned;"),
                "the script in the display name never ran");
        // keyboard: the controls are reachable and the form works without a mouse
        assertEquals("partnership", browser.findElement(By.id("partnership")).getAttribute("id"));
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "dashboard-desktop.png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void theDashboardIsReadableAtAPhonesWidth() throws Exception {
        open(390, 844);
        Long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertTrue(overflow <= 0, "the page scrolls sideways by " + overflow + " px on a phone");
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "dashboard-phone.png"), browser.getScreenshotAs(OutputType.BYTES));
    }
}
