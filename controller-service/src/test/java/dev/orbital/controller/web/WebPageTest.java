package dev.orbital.controller.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.orbital.controller.ControllerIdentity;
import dev.orbital.controller.netconf.ConfigReply;
import dev.orbital.controller.store.NetworkStore;
import dev.orbital.protocol.netconf.NetworkAddresses;
import dev.orbital.protocol.verb.ErrorCode;
import dev.orbital.testing.kafka.KafkaTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The web page end to end: Debian's headless Chromium, driven by Playwright, against the controller
 * on a real Kafka broker. Screenshots go to {@code target/web/}.
 */
@QuarkusTest
@WithTestResource(KafkaTestResource.class)
class WebPageTest {

  private static final String TOKEN = "test-token-0123456789abcd";
  private static final Path SCREENSHOTS = Path.of("target", "web");
  private static final double TIMEOUT_MS = 15_000;

  private static Playwright playwright;
  private static Browser browser;

  @TestHTTPResource("/")
  URL root;

  @Inject NetworkStore store;
  @Inject ControllerIdentity controller;

  private BrowserContext context;
  private Page page;

  @BeforeAll
  static void launchChromium() {
    Path chromium = Path.of(System.getProperty("orbital.chromium", "/usr/bin/chromium"));
    if (!Files.isExecutable(chromium)) {
      throw new IllegalStateException(
          "The web page tests drive Debian's Chromium, and there is none at "
              + chromium
              + ": install it (`apt-get install chromium`, as ./orbital test does) or name another"
              + " with -Dorbital.chromium=<path>");
    }
    playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser =
        playwright
            .chromium()
            .launch(
                new BrowserType.LaunchOptions()
                    .setExecutablePath(chromium)
                    .setHeadless(true)
                    .setArgs(
                        List.of(
                            "--no-sandbox",
                            "--disable-gpu",
                            "--disable-quic",
                            "--no-first-run",
                            "--disable-background-networking",
                            "--disable-component-update",
                            "--disable-sync")));
    PlaywrightAssertions.setDefaultAssertionTimeout(TIMEOUT_MS);
  }

  @AfterAll
  static void closeChromium() {
    if (browser != null) {
      browser.close();
    }
    if (playwright != null) {
      playwright.close();
    }
  }

  @BeforeEach
  void openPage() {
    context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1440, 1000));
    context.grantPermissions(
        List.of("clipboard-read", "clipboard-write"),
        new BrowserContext.GrantPermissionsOptions().setOrigin(origin()));
    page = context.newPage();
    page.setDefaultTimeout(TIMEOUT_MS);
  }

  @AfterEach
  void closePage() {
    context.close();
  }

  @Test
  void shouldRunANetworkFromCreationToDeletionWithAJoinRequestAuthorizedInThePage() {
    signIn();

    // Other test classes share the controller and its Kafka: names here are this run's own.
    String name = "web-" + UUID.randomUUID().toString().substring(0, 8);
    page.getByPlaceholder("Name of a new network").fill(name);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create network")).click();
    Locator created = networkRow(name);
    PlaywrightAssertions.assertThat(created).isVisible();
    String nwid = created.getAttribute("data-nwid");
    Locator row = page.locator("#networks-body tr[data-nwid='" + nwid + "']");

    row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Rename")).click();
    page.getByLabel("New name of " + nwid).fill(name + "-renamed");
    row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
    PlaywrightAssertions.assertThat(row.locator("a")).hasText(name + "-renamed");
    api()
        .get("/controller/network/" + nwid)
        .then()
        .statusCode(200)
        .body("name", equalTo(name + "-renamed"));

    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("networks.png")));
    row.locator("a").click();
    PlaywrightAssertions.assertThat(page.locator("#network-id-text")).hasText(nwid);
    page.locator("#network-id").click();
    PlaywrightAssertions.assertThat(page.locator("#copy-status")).containsText("Copied");
    assertThat(page.evaluate("navigator.clipboard.readText()")).isEqualTo(nwid);
    PlaywrightAssertions.assertThat(page.locator("#members-empty")).isVisible();

    page.getByLabel("Pick a range").selectOption("10.147.20.0/24");
    page.locator("#settings-save").click();
    PlaywrightAssertions.assertThat(page.locator("#settings-status")).hasText("Saved");
    api()
        .get("/controller/network/" + nwid)
        .then()
        .statusCode(200)
        .body("v4AssignMode.zt", equalTo(true))
        .body("ipAssignmentPools[0].ipRangeStart", equalTo("10.147.20.1"))
        .body("ipAssignmentPools[0].ipRangeEnd", equalTo("10.147.20.254"))
        .body("routes[0].target", equalTo("10.147.20.0/24"));

    page.getByLabel("Rules JSON")
        .fill(
            "[\n  {\"type\": \"MATCH_ETHERTYPE\", \"not\": true, \"etherType\": 2048},\n"
                + "  {\"type\": \"ACTION_DROP\"},\n  {\"type\": \"ACTION_ACCEPT\"}\n]");
    page.locator("#rules-save").click();
    PlaywrightAssertions.assertThat(page.locator("#rules-status")).hasText("Saved");
    PlaywrightAssertions.assertThat(page.locator("#rules-error")).isHidden();
    api()
        .get("/controller/network/" + nwid)
        .then()
        .body("rules.type", equalTo(List.of("MATCH_ETHERTYPE", "ACTION_DROP", "ACTION_ACCEPT")))
        .body("rules[0].etherType", equalTo(2048))
        .body("rules[0].not", equalTo(true));

    long networkId = NetworkAddresses.parse(nwid);
    JoiningNode node = new JoiningNode(controller.identity(), store);
    ConfigReply asked = node.requestConfig(networkId);
    assertThat(asked).isInstanceOf(ConfigReply.Refused.class);
    assertThat(((ConfigReply.Refused) asked).code()).isEqualTo(ErrorCode.NETWORK_ACCESS_DENIED);

    String address = node.address().toString();
    Locator member = page.locator("#members-body tr[data-address='" + address + "']");
    PlaywrightAssertions.assertThat(member).hasClass(Pattern.compile("\\bpending\\b"));
    PlaywrightAssertions.assertThat(member.locator(".badge")).hasText("Pending");
    PlaywrightAssertions.assertThat(page.locator("#pending-banner"))
        .containsText("1 device is asking to join");

    page.locator("#members-card")
        .screenshot(
            new Locator.ScreenshotOptions().setPath(SCREENSHOTS.resolve("members-pending.png")));

    page.getByLabel("Authorize " + address).click();
    PlaywrightAssertions.assertThat(page.getByLabel("Authorize " + address)).isChecked();
    PlaywrightAssertions.assertThat(member).not().hasClass(Pattern.compile("\\bpending\\b"));
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                memberApi(nwid, address).then().statusCode(200).body("authorized", equalTo(true)));

    ConfigReply served = node.requestConfig(networkId);
    assertThat(served).isInstanceOf(ConfigReply.Config.class);
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                memberApi(nwid, address)
                    .then()
                    .statusCode(200)
                    .body("ipAssignments[0]", startsWith("10.147.20.")));
    String ip = memberApi(nwid, address).then().extract().path("ipAssignments[0]");
    PlaywrightAssertions.assertThat(member.locator(".ip").first()).hasText(ip);
    PlaywrightAssertions.assertThat(member).containsText("1.14.1");
    page.locator("#members-card")
        .screenshot(new Locator.ScreenshotOptions().setPath(SCREENSHOTS.resolve("members.png")));
    page.screenshot(
        new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("network.png")).setFullPage(true));

    page.getByLabel("Edit the addresses of " + address).click();
    page.getByLabel("Addresses of " + address).fill("10.147.20.300");
    member.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
    PlaywrightAssertions.assertThat(member.locator(".ip-edit .field-error"))
        .hasText("10.147.20.300: not an IP address");
    memberApi(nwid, address).then().body("ipAssignments", equalTo(List.of(ip)));
    page.getByLabel("Addresses of " + address).fill("10.147.20.77");
    member.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
    PlaywrightAssertions.assertThat(member.locator(".ip")).hasText("10.147.20.77");
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                memberApi(nwid, address)
                    .then()
                    .body("ipAssignments", equalTo(List.of("10.147.20.77"))));

    page.getByLabel("Filter members").fill("192.168.");
    PlaywrightAssertions.assertThat(page.locator("#members-body"))
        .hasText("No member matches the filter.");
    page.getByLabel("Filter members").fill(".20.77");
    PlaywrightAssertions.assertThat(member).isVisible();
    page.getByLabel("Filter members").fill("");

    page.getByLabel("Authorize " + address).click();
    PlaywrightAssertions.assertThat(page.getByLabel("Authorize " + address)).not().isChecked();
    await()
        .atMost(Duration.ofSeconds(15))
        .untilAsserted(
            () ->
                memberApi(nwid, address).then().statusCode(200).body("authorized", equalTo(false)));
    PlaywrightAssertions.assertThat(member.locator(".badge")).hasText("Deauthorized");

    page.locator("#delete-network").click();
    PlaywrightAssertions.assertThat(page.locator("#confirm")).isVisible();
    PlaywrightAssertions.assertThat(page.locator("#confirm-text")).containsText(nwid);
    page.locator("#confirm-ok").click();
    PlaywrightAssertions.assertThat(page.locator("#networks-view")).isVisible();
    PlaywrightAssertions.assertThat(page.locator("#networks-body tr[data-nwid='" + nwid + "']"))
        .hasCount(0);
    api().get("/controller/network/" + nwid).then().statusCode(404);
  }

  @Test
  void shouldShowAJoiningMemberAndItsAuthorizationLiveWithoutReloadOrPolling() {
    // Timers as long as the page's polling never fire: what shows up comes from the change stream.
    page.addInitScript(
        "{ const realSetTimeout = window.setTimeout;"
            + " window.setTimeout = (fn, ms, ...args) =>"
            + " ms >= 15000 ? 0 : realSetTimeout(fn, ms, ...args); }");
    String nwid =
        api()
            .body("{\"name\":\"live\"}")
            .post("/controller/network")
            .then()
            .statusCode(200)
            .extract()
            .path("id");
    signIn();
    page.navigate(root + "#/network/" + nwid);
    PlaywrightAssertions.assertThat(page.locator("#members-empty")).isVisible();
    page.evaluate("window.sameDocument = true");

    JoiningNode node = new JoiningNode(controller.identity(), store);
    assertThat(node.requestConfig(NetworkAddresses.parse(nwid)))
        .isInstanceOf(ConfigReply.Refused.class);
    String address = node.address().toString();
    Locator member = page.locator("#members-body tr[data-address='" + address + "']");
    PlaywrightAssertions.assertThat(member.locator(".badge")).hasText("Pending");

    api()
        .body("{\"authorized\":true}")
        .post("/controller/network/" + nwid + "/member/" + address)
        .then()
        .statusCode(200);
    PlaywrightAssertions.assertThat(page.getByLabel("Authorize " + address)).isChecked();
    PlaywrightAssertions.assertThat(member.locator(".badge")).hasCount(0);

    api()
        .body("{\"authorized\":false}")
        .post("/controller/network/" + nwid + "/member/" + address)
        .then()
        .statusCode(200);
    PlaywrightAssertions.assertThat(member.locator(".badge")).hasText("Deauthorized");
    assertThat(page.evaluate("window.sameDocument")).isEqualTo(true);
  }

  @Test
  void shouldRefuseAWrongTokenWithAMessage() {
    page.navigate(root.toString());
    page.getByLabel("API token").fill("not-the-token");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();

    PlaywrightAssertions.assertThat(page.locator("#sign-in-error"))
        .hasText("That token is not the controller's API token.");
    PlaywrightAssertions.assertThat(page.locator("#networks-view")).isHidden();
    assertThat(page.evaluate("sessionStorage.length")).isEqualTo(0);
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("sign-in.png")));
  }

  @Test
  void shouldShowApiErrorsBesideTheirFieldsAndKeepTheInput() {
    String nwid =
        api()
            .body("{\"name\":\"errors\"}")
            .post("/controller/network")
            .then()
            .statusCode(200)
            .extract()
            .path("id");
    signIn();
    page.navigate(root + "#/network/" + nwid);
    PlaywrightAssertions.assertThat(page.locator("#network-id-text")).hasText(nwid);

    page.locator("#add-pool").click();
    page.getByLabel("Pool 1 first address").fill("10.147.20.300");
    page.getByLabel("Pool 1 last address").fill("10.147.20.254");
    page.locator("#settings-save").click();

    Locator poolError = page.locator("#pools .field-error");
    PlaywrightAssertions.assertThat(poolError).hasText("Not an IP address");
    PlaywrightAssertions.assertThat(page.getByLabel("Pool 1 first address"))
        .hasAttribute("aria-invalid", "true");
    PlaywrightAssertions.assertThat(page.getByLabel("Pool 1 first address"))
        .hasValue("10.147.20.300");
    PlaywrightAssertions.assertThat(page.locator("#settings-status")).hasText("Not saved");
    api().get("/controller/network/" + nwid).then().body("ipAssignmentPools.size()", equalTo(0));

    page.getByLabel("Pool 1 first address").fill("10.147.20.100");
    page.locator("#settings-save").click();
    PlaywrightAssertions.assertThat(page.locator("#settings-status")).hasText("Saved");
    PlaywrightAssertions.assertThat(poolError).hasCount(0);
    api()
        .get("/controller/network/" + nwid)
        .then()
        .body("ipAssignmentPools[0].ipRangeStart", equalTo("10.147.20.100"))
        .body("ipAssignmentPools[0].ipRangeEnd", equalTo("10.147.20.254"));

    page.getByLabel("Rules JSON").fill("[\n  {\"type\": \"ACTION_ACCEPT\"},\n]");
    page.locator("#rules-save").click();
    PlaywrightAssertions.assertThat(page.locator("#rules-error"))
        .containsText(Pattern.compile("Not valid JSON\\. Line 3, column 1"));

    page.getByLabel("Rules JSON")
        .fill("[\n  {\"type\": \"ACTION_ACCEPT\"},\n  {\"type\": \"MATCH_NOTHING\"}\n]");
    page.locator("#rules-save").click();
    PlaywrightAssertions.assertThat(page.locator("#rules-error"))
        .hasText("Rule 2 (line 3): type: Unknown rule type \"MATCH_NOTHING\"");
    PlaywrightAssertions.assertThat(page.locator("#rules-gutter .bad")).hasText("3");
    PlaywrightAssertions.assertThat(page.getByLabel("Rules JSON"))
        .hasValue("[\n  {\"type\": \"ACTION_ACCEPT\"},\n  {\"type\": \"MATCH_NOTHING\"}\n]");
    page.locator("#settings-form")
        .screenshot(
            new Locator.ScreenshotOptions().setPath(SCREENSHOTS.resolve("settings-error.png")));
  }

  private void signIn() {
    page.navigate(root.toString());
    page.getByLabel("API token").fill(TOKEN);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
    PlaywrightAssertions.assertThat(page.locator("#networks-title")).isVisible();
    PlaywrightAssertions.assertThat(page.locator("#live")).hasText("Live");
  }

  private Locator networkRow(String name) {
    return page.locator(
        "#networks-body tr",
        new Page.LocatorOptions()
            .setHas(
                page.getByRole(
                    AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true))));
  }

  private String origin() {
    return root.getProtocol() + "://" + root.getHost() + ":" + root.getPort();
  }

  private static RequestSpecification api() {
    return given().header("X-ZT1-Auth", TOKEN).contentType(ContentType.JSON);
  }

  private static io.restassured.response.Response memberApi(String nwid, String address) {
    return api().get("/controller/network/" + nwid + "/member/" + address);
  }
}
