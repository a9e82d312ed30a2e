package io.kefu.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver. Nothing is downloaded: the driver and browser
 * paths are given, so Selenium Manager is never asked. Without Chromium the test fails under CI (CI=true) and is
 * skipped, with the reason, on a developer machine.
 */
final class HeadlessChromium implements AutoCloseable {
  static final String CHROMIUM = System.getProperty("kefu.chromium", "/usr/bin/chromium");
  static final String CHROMEDRIVER = System.getProperty("kefu.chromedriver", "/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final Path profile;

  private HeadlessChromium(ChromeDriverService service, ChromeDriver driver, Path profile) {
    this.service = service;
    this.driver = driver;
    this.profile = profile;
  }

  /** Fails (CI) or skips (elsewhere) with the install command when Chromium or chromedriver is missing. */
  static void requireInstalled() {
    boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    String message = "the console's browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
        + ": apt-get install -y chromium chromium-driver (.ci/run does this)";
    if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message);
    }
    Assumptions.assumeTrue(present, message);
  }

  static HeadlessChromium start() throws IOException {
    requireInstalled();
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
    Path profile = Files.createTempDirectory("kefu-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1440,900", "--lang=zh-CN", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER))
        .usingAnyFreePort()
        .build();
    try {
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
      return new HeadlessChromium(service, driver, profile);
    } catch (RuntimeException e) {
      service.stop();
      deleteTree(profile);
      throw e;
    }
  }

  WebDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
  }

  <T> T await(Function<WebDriver, T> condition) {
    return await(condition, Duration.ofSeconds(15));
  }

  <T> T await(Function<WebDriver, T> condition, Duration timeout) {
    return new WebDriverWait(driver, timeout).until(condition);
  }

  WebElement visible(String css) {
    return await(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  /** Waits until the element's text contains {@code text}; returns the element. */
  WebElement text(String css, String text) {
    await(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    return driver.findElement(By.cssSelector(css));
  }

  /** Waits for an element and reads an attribute in one script call (lists re-render, elements go stale). */
  String attribute(String css, String name) {
    return await(d -> (String) driver.executeScript(
        "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null;", css, name));
  }

  Object script(String js, Object... args) {
    return driver.executeScript(js, args);
  }

  Object asyncScript(String js, Object... args) {
    return driver.executeAsyncScript(js, args);
  }

  /** Saves target/screenshots/{name}.png (kept as a build artefact). */
  Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path target = SCREENSHOTS.resolve(name + ".png");
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
      deleteTree(profile);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary profile left behind is harmless
    }
  }
}
