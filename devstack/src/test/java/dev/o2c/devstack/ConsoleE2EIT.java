package dev.o2c.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.o2c.devstack.client.O2cClient;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operations console in a real headless Chromium (Debian's {@code chromium} with its matching
 * {@code chromium-driver}) against the shared local stack: otto signs in through the identity provider's login form,
 * lists and filters processes, searches one by a business id, opens a parked one, retries it after the data was fixed
 * and sees it complete, aborts every exception of one cause at once, looks at the inbound events, runs a
 * reconciliation and reads its report, looks at the dashboard's charts; viola, a viewer, is offered no decision. Every page is saved as a screenshot to {@code target/console-screenshots/<page>.png}, and the
 * assertions are on what a person sees: texts, rows, statuses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@ExtendWith(SharedStack.class)
@Order(3)
class ConsoleE2EIT {

    /** Debian's chromedriver and chromium ({@code apt-get install chromium chromium-driver}; .ci/run does it). */
    static final Path CHROMEDRIVER = Path.of(System.getProperty("o2c.chromedriver", "/usr/bin/chromedriver"));
    static final Path CHROMIUM = Path.of(System.getProperty("o2c.chromium", "/usr/bin/chromium"));
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final Duration SAGA = Duration.ofSeconds(90);
    private static final Set<String> SETTLED = Set.of("NEEDS_ATTENTION", "COMPLETED", "COMPENSATED", "ABORTED");

    private StackInfo info;
    private O2cClient o2c;
    private ChromeDriverService service;
    private WebDriver browser;
    private WebDriverWait wait;

    /** The deal otto retries (parked for its missing tax id). */
    private Deal parked;

    @BeforeAll
    void startTheBrowser() throws IOException {
        // fail, never skip: a console nobody tested in a browser is not tested
        assertThat(Files.isExecutable(CHROMEDRIVER)).as("%s is missing: apt-get install chromium chromium-driver"
                + " (or -Do2c.chromedriver=<path>)", CHROMEDRIVER).isTrue();
        assertThat(Files.isExecutable(CHROMIUM)).as("%s is missing: apt-get install chromium chromium-driver"
                + " (or -Do2c.chromium=<path>)", CHROMIUM).isTrue();
        Files.createDirectories(SCREENSHOTS);
        SharedStack.Running shared = SharedStack.get();
        info = shared.info();
        o2c = shared.client();
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(new File("target/chromedriver.log")).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1100", "--user-data-dir=" + Files.createTempDirectory("o2c-chromium-"));
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @AfterAll
    void stopTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        o2c.clearFaults();
    }

    @Test
    @Order(1)
    void ottoSignsInThroughTheIdentityProvidersLoginForm() {
        browser.get(info.starterUrl() + "/console");
        // the console sent the browser to the provider (issuer localhost:<port>), which asks for a password
        wait.until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
        assertThat(browser.getCurrentUrl()).startsWith(info.identityIssuer() + "/login");
        screenshot("login");

        signIn("otto", "o2c-dev-otto");

        assertThat(browser.getCurrentUrl()).startsWith(info.starterUrl() + "/console/processes");
        assertThat(text(By.id("who"))).startsWith("otto (").contains("operator");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Processes");
    }

    @Test
    @Order(2)
    void listsFiltersAndFindsAProcessByItsBusinessId() {
        parked = newDeal(false);
        o2c.markWon(parked.opportunityId()).expect(200);
        JsonNode state = o2c.awaitStatus(parked.workflowId(), SETTLED, SAGA);
        assertThat(state.path("status").asText()).as(state.toString()).isEqualTo("NEEDS_ATTENTION");

        browser.get(info.starterUrl() + "/console/processes");
        assertThat(rows("processes")).as("the list shows the new process").anySatisfy(row ->
                assertThat(row.getText()).contains(parked.workflowId(), "NEEDS_ATTENTION"));
        screenshot("processes");

        new Select(browser.findElement(By.id("type"))).selectByValue("opportunity-to-project");
        new Select(browser.findElement(By.id("status"))).selectByValue("NEEDS_ATTENTION");
        new Select(browser.findElement(By.id("owner"))).selectByValue("sales-ops");
        browser.findElement(By.id("apply")).click();
        wait.until(ExpectedConditions.urlContains("status=NEEDS_ATTENTION"));
        List<WebElement> filtered = rows("processes");
        assertThat(filtered).anySatisfy(row -> assertThat(row.getText()).contains(parked.workflowId()));
        assertThat(filtered).allSatisfy(row -> assertThat(row.getText())
                .contains("opportunity-to-project", "NEEDS_ATTENTION"));
        screenshot("processes-filtered");

        browser.get(info.starterUrl() + "/console/processes");
        browser.findElement(By.id("q")).sendKeys(parked.opportunityId());
        browser.findElement(By.id("apply")).click();
        wait.until(ExpectedConditions.urlContains("q=" + parked.opportunityId()));
        assertThat(rows("processes")).singleElement().satisfies(row ->
                assertThat(row.getText()).contains(parked.workflowId(), parked.opportunityId()));
        screenshot("search");
    }

    @Test
    @Order(3)
    void opensTheParkedProcessRetriesItOnceFixedAndSeesItComplete() {
        browser.findElement(By.linkText(parked.workflowId())).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("parked")));
        assertThat(text(By.id("process-status"))).isEqualTo("NEEDS_ATTENTION");
        assertThat(text(By.id("parked"))).contains("sales-ops");
        assertThat(browser.findElements(By.cssSelector("#steps li"))).isNotEmpty();
        assertThat(browser.findElements(By.id("retry"))).as("otto may retry").hasSize(1);
        screenshot("process-parked");

        o2c.patchAccount(parked.accountId(), JsonNodeFactory.instance.objectNode().put("taxId", "DE123456789"))
                .expect(200);
        browser.findElement(By.id("retry")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(text(By.id("notice"))).startsWith("Retry of exception").contains("decided by otto");

        awaitOnPage(() -> "COMPLETED".equals(text(By.id("process-status"))), "the process page shows COMPLETED");
        assertThat(browser.findElements(By.id("parked"))).as("no longer parked").isEmpty();
        assertThat(text(By.id("created"))).contains("erpCustomerId", "psaProjectId");
        assertThat(rows("audit")).as("an audit row per call").hasSizeGreaterThanOrEqualTo(6);
        screenshot("process-completed");

        // a created object links to the processes that touch it: the business-id search by a created id
        browser.findElement(By.cssSelector("#created a")).click();
        wait.until(ExpectedConditions.urlContains("q="));
        assertThat(rows("processes")).anySatisfy(row -> assertThat(row.getText()).contains(parked.workflowId()));
    }

    @Test
    @Order(4)
    void abortsEveryExceptionOfOneCauseAtOnce() {
        o2c.addRejection("psa", "projects.create", 400); // a validation error: parks for the owner team
        List<Deal> deals = List.of(newDeal(true), newDeal(true));
        deals.forEach(deal -> o2c.markWon(deal.opportunityId()).expect(200));
        List<JsonNode> states = deals.stream().map(deal -> o2c.awaitStatus(deal.workflowId(), SETTLED, SAGA)).toList();
        o2c.clearFaults();
        assertThat(states).allSatisfy(state -> assertThat(state.path("status").asText()).as(state.path("workflowId")
                .asText())
                .isEqualTo("NEEDS_ATTENTION"));
        String cause = states.get(0).path("openException").path("cause").asText();
        String owner = states.get(0).path("openException").path("owner").asText();
        assertThat(states.get(1).path("openException").path("cause").asText()).as("one cause").isEqualTo(cause);

        browser.get(info.starterUrl() + "/console/exceptions?status=open&owner=" + owner);
        WebElement causeRow = causeRow(cause);
        assertThat(Integer.parseInt(causeRow.findElements(By.tagName("td")).get(1).getText()))
                .isGreaterThanOrEqualTo(2);
        assertThat(rows("exceptions")).filteredOn(row -> deals.stream()
                .anyMatch(deal -> row.getText().contains(deal.workflowId()))).hasSize(2);
        screenshot("exceptions");

        causeRow.findElement(By.className("bulk-abort")).click();
        browser.switchTo().alert().accept(); // "Abort every open exception of this cause?"
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("results")));
        assertThat(text(By.cssSelector("#results header"))).startsWith("abort by cause");
        for (Deal deal : deals) {
            assertThat(rows("results")).anySatisfy(row -> assertThat(row.getText())
                    .contains(deal.workflowId(), "taken", "decided by otto"));
        }
        screenshot("exceptions-bulk-abort");

        deals.forEach(deal -> assertThat(o2c.awaitStatus(deal.workflowId(), Set.of("ABORTED", "COMPENSATED",
                "COMPLETED"), SAGA).path("status").asText()).isEqualTo("ABORTED"));
        browser.get(info.starterUrl() + "/console/processes?status=ABORTED");
        for (Deal deal : deals) {
            assertThat(rows("processes")).anySatisfy(row -> assertThat(row.getText())
                    .contains(deal.workflowId(), "ABORTED"));
        }
        browser.get(info.starterUrl() + "/console/exceptions?status=open&owner=" + owner);
        assertThat(browser.findElements(By.cssSelector("[data-cause]"))).as("no open exception of that cause left")
                .noneSatisfy(row -> assertThat(row.getAttribute("data-cause")).isEqualTo(cause));
    }

    @Test
    @Order(5)
    void showsTheInboundEvents() {
        browser.get(info.starterUrl() + "/console/events");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Inbound events");
        assertThat(rows("events")).as("the webhooks of the won deals")
                .anySatisfy(row -> assertThat(row.getText()).contains("opportunity.won", parked.workflowId()));
        screenshot("events");
    }

    @Test
    @Order(6)
    void runsAReconciliationAndReadsItsReport() {
        browser.get(info.starterUrl() + "/console/reconciliations");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Reconciliation");
        browser.findElement(By.id("run-now")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("run-id")));
        assertThat(text(By.id("notice"))).startsWith("Reconciliation run").contains("provisioning");
        awaitOnPage(() -> !"RUNNING".equals(text(By.id("run-status"))), "the run's report shows it ended");
        assertThat(text(By.id("run-status"))).isEqualTo("COMPLETED");
        assertThat(rows("checks")).extracting(row -> row.findElement(By.tagName("td")).getText())
                .containsExactly("provisioning", "work", "receivables", "payments");
        screenshot("reconciliation-report");
        browser.get(info.starterUrl() + "/console/reconciliations");
        assertThat(rows("runs")).anySatisfy(row -> assertThat(row.getText()).contains("ON_DEMAND by otto"));
        screenshot("reconciliations");
    }

    @Test
    @Order(7)
    void showsTheOperationsDashboardWithItsCharts() {
        browser.get(info.starterUrl() + "/console/dashboards");
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-charts", "drawn"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Operations dashboard");
        assertThat(Long.parseLong(text(By.id("open-exceptions-total")))).isGreaterThanOrEqualTo(0);
        assertThat(text(By.id("provisioning-failures"))).contains("7d:", "30d:");
        assertThat(text(By.id("figures"))).contains("Won to cash", "Billing latency", "Payment sync delay");
        screenshot("dashboards");
    }

    @Test
    @Order(8)
    void violaAViewerSeesTheQueueButNoDecision() {
        browser.findElement(By.cssSelector("nav form button")).click(); // sign out of the console
        wait.until(ExpectedConditions.urlContains("/console/signed-out"));
        browser.get(info.identityIssuer() + "/login");
        browser.manage().deleteAllCookies(); // and of the provider, to sign in as someone else

        browser.get(info.starterUrl() + "/console/exceptions?status=all");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.name("username")));
        signIn("viola", "o2c-dev-viola");
        browser.get(info.starterUrl() + "/console/exceptions?status=all");
        assertThat(text(By.id("who"))).isEqualTo("viola (viewer)");
        assertThat(rows("exceptions")).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("button.retry, button.abort, button.skip, .bulk-abort")))
                .as("no decision offered to a viewer").isEmpty();
        browser.get(info.starterUrl() + "/console/reconciliations");
        assertThat(browser.findElements(By.id("run-now"))).as("nor a reconciliation run").isEmpty();
        screenshot("exceptions-viewer");
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    private void signIn(String name, String password) {
        browser.findElement(By.name("username")).sendKeys(name);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("/console/"));
    }

    private WebElement causeRow(String cause) {
        return browser.findElements(By.cssSelector("[data-cause]")).stream()
                .filter(row -> cause.equals(row.getAttribute("data-cause")))
                .findFirst().orElseThrow(() -> new AssertionError("no cause row \"" + cause + "\" on "
                        + browser.getCurrentUrl() + ": " + browser.findElement(By.tagName("main")).getText()));
    }

    private List<WebElement> rows(String tableId) {
        return browser.findElements(By.cssSelector("#" + tableId + " tbody tr")).stream()
                .filter(row -> row.findElements(By.cssSelector("td.muted")).isEmpty())
                .toList();
    }

    private String text(By by) {
        return browser.findElement(by).getText().strip();
    }

    /** Reloads the page until the condition holds, as a person waiting for a process would. */
    private void awaitOnPage(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + SAGA.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            O2cClient.sleep(500);
            browser.navigate().refresh();
        }
        screenshot("timeout");
        throw new AssertionError(what + " within " + SAGA + "; the page shows: "
                + browser.findElement(By.tagName("main")).getText());
    }

    private void screenshot(String page) {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        try {
            Files.copy(shot, SCREENSHOTS.resolve(page + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Deal(String accountId, String opportunityId) {
        String workflowId() {
            return "opportunity-to-project-" + opportunityId;
        }
    }

    private Deal newDeal(boolean complete) {
        String name = "Console " + UUID.randomUUID().toString().substring(0, 8);
        String account = o2c.createAccount(name, complete);
        return new Deal(account, o2c.createOpportunity(account, name + " rollout"));
    }
}
