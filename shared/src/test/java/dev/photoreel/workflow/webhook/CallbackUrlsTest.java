package dev.photoreel.workflow.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallbackUrlsTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/hooks/photoreel", "https://example.com:8443/h?x=1", "http://127.0.0.1:8080/hook",
            "http://localhost/hook", "http://[::1]:9000/"})
    void problem_acceptsHttpsAndLoopbackHttp(String url) {
        assertEquals(Optional.empty(), CallbackUrls.problem(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com/hook", "ftp://example.com/x", "/relative/path", "https://", "https://user:pw@example.com/",
            "http://127.0.0.1.example.com/", "not a url", ""})
    void problem_refusesTheRest_sayingWhatIsAllowed(String url) {
        assertTrue(CallbackUrls.problem(url).orElseThrow().contains("allowed: an absolute https URL"), url);
    }

    @org.junit.jupiter.api.Test
    void problem_refusesMoreThan2048Characters() {
        String url = "https://example.com/" + "a".repeat(2048);
        assertTrue(CallbackUrls.problem(url).orElseThrow().startsWith("is " + url.length() + " characters long"));
    }
}
