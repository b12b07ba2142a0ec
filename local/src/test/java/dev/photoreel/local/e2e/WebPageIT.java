package dev.photoreel.local.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.local.stack.LocalAws;
import dev.photoreel.local.stack.PhotoreelStack;
import dev.photoreel.local.stack.StackOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page in a real browser (headless Chromium) on the local stack: sign in through the local stand-in for Cognito,
 * pick and drop photos, refused files, per-file upload progress straight to S3, the job moving to done, the video
 * playing with the right duration, the download and the stable link, a reload with {@code ?job=}, the recent jobs.
 * Renders are the emulator's canned ones (a few seconds), so the class stays well under two minutes.
 * The two-photo job runs first: the first canned render renders the one MP4 every later one reuses, which is quickest
 * with two photos. Screenshots of each phase: {@code local/target/web-screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebPageIT {

    private static final Path ROOT = StackOptions.findProjectRoot(Path.of(""));
    private static final Path SEASIDE = ROOT.resolve("examples/seaside");
    private static final Path SCREENSHOTS = ROOT.resolve("local/target/web-screenshots");
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(100);

    private PhotoreelStack stack;
    private WebBrowser browser;
    private WebDriver driver;
    private ApiClient api;

    @BeforeEach
    void start() throws IOException {
        E2eStack.resetVendor();
        stack = E2eStack.stack();
        // the progress rises over 3 s and the answer is one small MP4, rendered once: the page is under test, not ffmpeg
        E2eStack.emulator().faults().cannedRender(Duration.ofSeconds(3));
        api = new ApiClient(stack.apiUrl(), LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY);
        browser = WebBrowser.start(SCREENSHOTS);
        driver = browser.driver();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        E2eStack.resetVendor();
    }

    @Test
    @Order(2)
    void aPersonMakesAVideoOnThePage_fromPickingPhotosToTheSharedLink() throws IOException {
        // unauthenticated calls are still refused; the page itself needs no sign-in but asks for one
        assertEquals(403, api.unsigned("GET", "/jobs", null).status());
        assertEquals(401, api.send("GET", "/jobs", null, Map.of("Authorization", "not-a-token-of-this-stack"), false).status());
        driver.get(stack.pageUrl().toString());
        wait(Duration.ofSeconds(20)).until(d -> d.findElement(By.id("sign-in")).isDisplayed());
        browser.screenshot("01-signed-out");
        signIn();
        browser.screenshot("02-signed-in");

        // refused before any upload, each with its message
        Path odd = Files.createTempDirectory("photoreel-refused-");
        Path heic = Files.write(odd.resolve("IMG_0001.HEIC"), new byte[] {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c'});
        Path text = Files.writeString(odd.resolve("notes.txt"), "not a photo");
        driver.findElement(By.id("file-input")).sendKeys(heic + "\n" + text);
        List<String> refused = texts("#refused li");
        assertEquals(2, refused.size(), refused::toString);
        assertTrue(refused.get(0).startsWith("IMG_0001.HEIC:") && refused.get(0).contains("export it as JPEG"), refused.get(0));
        assertTrue(refused.get(1).startsWith("notes.txt:") && refused.get(1).contains(".txt files are not supported"), refused.get(1));
        assertEquals(List.of(), texts("#files li"), "a refused file is not added");
        browser.screenshot("03-refused-files");

        // three photos and the music picked, the fourth photo dropped
        driver.findElement(By.id("file-input")).sendKeys(String.join("\n", SEASIDE.resolve("01-morning.jpg").toString(),
                SEASIDE.resolve("02-midday.jpg").toString(), SEASIDE.resolve("03-afternoon.jpg").toString(), SEASIDE.resolve("music.mp3").toString()));
        drop(SEASIDE.resolve("04-sunset.jpg"), "image/jpeg");
        assertEquals(List.of("01-morning.jpg", "02-midday.jpg", "03-afternoon.jpg", "04-sunset.jpg", "music.mp3"), fileOrder());
        // reorder with the keyboard: the sunset first
        for (int i = 0; i < 3; i++) {
            WebElement up = driver.findElement(By.cssSelector("#files li[data-name='04-sunset.jpg'] button.up"));
            up.sendKeys(Keys.ENTER);
        }
        assertEquals(List.of("04-sunset.jpg", "01-morning.jpg", "02-midday.jpg", "03-afternoon.jpg", "music.mp3"), fileOrder());
        assertEquals("Move 04-sunset.jpg later", ((JavascriptExecutor) driver).executeScript("return document.activeElement.getAttribute('aria-label')"),
                "the focus stays on the moved photo (its first button that can still be used)");
        driver.findElement(By.id("instruction")).sendKeys("a calm seaside video with soft transitions");
        driver.findElement(By.id("title")).sendKeys("Seaside from the page");
        WebElement seconds = driver.findElement(By.id("seconds"));
        seconds.clear();
        seconds.sendKeys("2");
        browser.screenshot("04-chosen");

        driver.findElement(By.id("create-button")).click();
        wait(Duration.ofSeconds(60)).until(d -> d.findElements(By.cssSelector("#files .upload-state.done")).size() == 5);
        for (WebElement bar : driver.findElements(By.cssSelector("#files progress.upload-progress"))) {
            assertEquals("100", bar.getAttribute("value"));
        }
        assertEquals(5, texts("#files .upload-state").stream().filter("Uploaded (100%)"::equals).count());
        String jobId = driver.findElement(By.id("job-id")).getText();
        assertTrue(driver.getCurrentUrl().endsWith("/?job=" + jobId), driver.getCurrentUrl());
        browser.screenshot("05-uploaded");

        // the stage and the progress rise to done, never back
        List<Integer> progress = new ArrayList<>();
        List<String> stages = new ArrayList<>();
        boolean[] shotWhileWorking = {false};
        wait(JOB_TIMEOUT).pollingEvery(Duration.ofMillis(150)).until(d -> {
            WebElement job = d.findElement(By.id("job"));
            // the status first: the page may render between two reads, so what is read after it is at least as new
            // (read the other way round, a final status could end the loop with the progress of the render before)
            String status = job.getAttribute("data-status");
            progress.add(Integer.parseInt(d.findElement(By.id("progress")).getAttribute("value")));
            String stage = job.getAttribute("data-stage");
            if (stage != null && (stages.isEmpty() || !stages.get(stages.size() - 1).equals(stage))) {
                stages.add(stage);
            }
            if (!shotWhileWorking[0] && "RENDERING".equals(stage)) {
                browser.screenshot("06-rendering");
                shotWhileWorking[0] = true;
            }
            return "COMPLETED".equals(status) || "FAILED".equals(status);
        });
        assertEquals("COMPLETED", driver.findElement(By.id("job")).getAttribute("data-status"), () -> driver.findElement(By.id("failure")).getText());
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) >= progress.get(i - 1), "the progress bar went back: " + progress);
        }
        assertEquals(100, progress.get(progress.size() - 1));
        List<String> order = List.of("CREATED", "RECEIVED", "VALIDATING", "UPLOADING", "EDITING", "RENDERING", "STORING", "COMPLETED");
        for (int i = 1; i < stages.size(); i++) {
            assertTrue(order.indexOf(stages.get(i)) > order.indexOf(stages.get(i - 1)), "stages out of order: " + stages);
        }
        assertTrue(stages.size() >= 3, "the page showed the job moving: " + stages);
        assertEquals("Done", driver.findElement(By.id("stage")).getText());

        // the player loads the video's metadata, with the duration the API recorded
        JsonNode view = api.get("/jobs/" + jobId).json();
        JsonNode video = view.path("versions").get(0).path("video");
        double playerDuration = ((Number) wait(Duration.ofSeconds(30)).until(d -> ((JavascriptExecutor) d).executeScript(
                "const v = document.getElementById('player'); return v.readyState >= 1 && isFinite(v.duration) ? v.duration : null;"))).doubleValue();
        assertEquals(video.path("durationSeconds").asDouble(), playerDuration, 0.25, "the <video> element's duration");
        assertEquals(view.path("timeline").asText(), driver.findElement(By.id("timeline")).getText());
        browser.screenshot("07-done");

        // the download link serves the stored MP4
        String download = driver.findElement(By.id("download")).getAttribute("href");
        byte[] mp4 = api.download(download);
        assertEquals(video.path("sizeBytes").asLong(), mp4.length);
        assertArrayEquals("ftyp".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(mp4, 4, 8), "an MP4");
        // the stable link: the API's /video, answered for the signed-in user with a redirect to the same video
        String stable = driver.findElement(By.id("stable-link")).getAttribute("value");
        assertEquals(stack.apiUrl() + "/jobs/" + jobId + "/video", stable);
        String token = (String) ((JavascriptExecutor) driver).executeScript("return sessionStorage.getItem('photoreel.idToken')");
        ApiClient.Response redirect = api.send("GET", stable, null, Map.of("Authorization", token), false);
        assertEquals(307, redirect.status(), redirect::toString);
        assertArrayEquals(mp4, api.download(redirect.header("Location")));
        assertEquals(403, api.unsigned("GET", stable, null).status(), "the stable link needs a signed-in user or a signature");
        driver.findElement(By.id("copy-link")).click();
        wait(Duration.ofSeconds(5)).until(d -> !d.findElement(By.id("copy-status")).getText().isEmpty());

        // a reload (or a shared link) with ?job= comes back to the same job
        driver.navigate().refresh();
        wait(Duration.ofSeconds(20)).until(d -> "COMPLETED".equals(d.findElement(By.id("job")).getAttribute("data-status")));
        assertEquals(jobId, driver.findElement(By.id("job-id")).getText());
        assertEquals("Seaside from the page", driver.findElement(By.id("job-title")).getText());
        assertEquals("100", driver.findElement(By.id("progress")).getAttribute("value"));
        wait(Duration.ofSeconds(20)).until(d -> !d.findElement(By.id("player")).getAttribute("src").isEmpty());
        browser.screenshot("08-reloaded");

        // the recent jobs open their page
        driver.get(stack.pageUrl().toString());
        By link = By.cssSelector("#recent-list a[href$='?job=" + jobId + "']");
        wait(Duration.ofSeconds(20)).until(d -> !d.findElements(link).isEmpty());
        browser.screenshot("09-recent");
        driver.findElement(link).click();
        wait(Duration.ofSeconds(20)).until(d -> "COMPLETED".equals(d.findElement(By.id("job")).getAttribute("data-status")));
        assertEquals(jobId, driver.findElement(By.id("job-id")).getText());
    }

    @Test
    @Order(1)
    void aFailedUpload_isRetriedAlone_thenTheJobStarts() throws IOException {
        signIn();
        driver.findElement(By.id("file-input")).sendKeys(SEASIDE.resolve("01-morning.jpg") + "\n" + SEASIDE.resolve("02-midday.jpg"));
        // the first PUT of 02-midday.jpg breaks off (as a dropped connection does): the browser's XHR is wrapped to abort it once
        ((JavascriptExecutor) driver).executeScript("""
                const open = XMLHttpRequest.prototype.open;
                const send = XMLHttpRequest.prototype.send;
                let broken = false;
                XMLHttpRequest.prototype.open = function (method, url, ...rest) {
                  this.breakOnce = !broken && method === 'PUT' && url.includes('02-midday.jpg');
                  broken = broken || this.breakOnce;
                  return open.call(this, method, url, ...rest);
                };
                XMLHttpRequest.prototype.send = function (body) {
                  send.call(this, body);
                  if (this.breakOnce) this.abort();
                };""");
        driver.findElement(By.id("create-button")).click();
        wait(Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("#files .upload-state.done")).size() == 1
                && !d.findElements(By.cssSelector("#files .upload-state.failed")).isEmpty());
        String failed = driver.findElement(By.cssSelector("#files li[data-name='02-midday.jpg'] .upload-state")).getText();
        assertEquals("Upload failed: the upload was stopped. Retry this file.", failed);
        assertTrue(driver.findElement(By.id("upload-summary")).getText().startsWith("1 of 2 files did not upload"));
        browser.screenshot("10-upload-failed");
        driver.findElement(By.cssSelector("#files li[data-name='02-midday.jpg'] button.retry")).click();
        wait(Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("#files .upload-state.done")).size() == 2);
        wait(JOB_TIMEOUT).until(d -> "COMPLETED".equals(d.findElement(By.id("job")).getAttribute("data-status")));
    }

    @Test
    @Order(3)
    void aRevision_addsVersionTwo_playableFromTheVersionsList() {
        signIn();
        driver.findElement(By.id("file-input")).sendKeys(SEASIDE.resolve("01-morning.jpg") + "\n" + SEASIDE.resolve("02-midday.jpg"));
        driver.findElement(By.id("create-button")).click();
        wait(JOB_TIMEOUT).until(d -> "COMPLETED".equals(d.findElement(By.id("job")).getAttribute("data-status")));
        driver.findElement(By.id("revise-instruction")).sendKeys("make it slower");
        driver.findElement(By.id("revise-button")).click();
        wait(JOB_TIMEOUT).until(d -> "COMPLETED".equals(attribute(d, "#versions li[data-version='2']", "data-status")));
        String version2 = (String) ((JavascriptExecutor) driver).executeScript(
                "return document.querySelector(\"#versions li[data-version='2']\").innerText");
        assertTrue(version2.contains("make it slower"), version2);
        // the list is drawn anew on each poll of the page: find and click in one go, again if the button was replaced
        wait(Duration.ofSeconds(10)).until(d -> {
            d.findElement(By.cssSelector("#versions li[data-version='2'] button.play")).click();
            return true;
        });
        wait(Duration.ofSeconds(30)).until(d -> "2".equals(d.findElement(By.id("player")).getAttribute("data-version"))
                && (Boolean) ((JavascriptExecutor) d).executeScript("return document.getElementById('player').readyState >= 1"));
        browser.screenshot("11-version-2");
    }

    // ------------------------------------------------------------------ helpers

    /** Through the printed sign-in link, then the page's Sign in button (authorization code with PKCE). */
    private void signIn() {
        driver.get(stack.signInLink().toString());
        wait(Duration.ofSeconds(20)).until(d -> d.findElement(By.id("sign-in")).isDisplayed());
        driver.findElement(By.id("sign-in")).click();
        wait(Duration.ofSeconds(20)).until(d -> d.findElement(By.id("create")).isDisplayed());
        assertEquals("Signed in as you@localhost", driver.findElement(By.id("who")).getText());
    }

    private void drop(Path file, String type) throws IOException {
        ((JavascriptExecutor) driver).executeScript("""
                const [data, name, type] = arguments;
                const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], name, {type}));
                const zone = document.getElementById('drop-zone');
                zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: transfer, bubbles: true, cancelable: true}));
                zone.dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));""",
                Base64.getEncoder().encodeToString(Files.readAllBytes(file)), file.getFileName().toString(), type);
    }

    private List<String> fileOrder() {
        return driver.findElements(By.cssSelector("#files li")).stream().map(li -> li.getAttribute("data-name")).toList();
    }

    private List<String> texts(String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    /** Read in the page in one step: the versions list is drawn anew on each poll, so a found element can go stale. */
    private static String attribute(WebDriver d, String css, String name) {
        return (String) ((JavascriptExecutor) d).executeScript(
                "const found = document.querySelector(arguments[0]); return found ? found.getAttribute(arguments[1]) : null;", css, name);
    }

    /** Waits that look again when the page redrew what they were reading (lists are drawn anew on each poll). */
    private WebDriverWait wait(Duration timeout) {
        WebDriverWait wait = new WebDriverWait(driver, timeout);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }
}
