package dev.photoreel.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photoreel.workflow.testing.Fixture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** GET / and GET /assets/{file}: the page with this deployment's sign-in settings, its two files, nothing else. */
class ServePageHandlerTest {

    private final ServePageHandler handler = new ServePageHandler(new PageAssets(), new Fixture().metrics);

    private JsonNode invoke(ObjectNode event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(event)), out, new FakeContext());
        return Json.MAPPER.readTree(out.toByteArray());
    }

    private static String meta(String html, String name) {
        Matcher m = Pattern.compile("<meta name=\"" + Pattern.quote(name) + "\" content=\"([^\"]*)\">").matcher(html);
        assertTrue(m.find(), "no meta " + name);
        return m.group(1);
    }

    @Test
    void index_carriesTheStagesSignInSettings_andLinksItsAssetsUnderTheStage() throws IOException {
        JsonNode response = invoke(Events.load("serve-page.json"));
        assertEquals(200, response.path("statusCode").asInt());
        assertEquals("text/html; charset=utf-8", response.path("headers").path("Content-Type").asText());
        assertTrue(response.path("headers").path("Content-Security-Policy").asText().contains("script-src 'self'"));
        String html = response.path("body").asText();
        assertEquals("https://photoreel-123456789012-abcd1234.auth.us-east-1.amazoncognito.com", meta(html, "photoreel-sign-in-domain"));
        assertEquals("1example23456789abcdefghij", meta(html, "photoreel-sign-in-client-id"));
        assertEquals("/v1/", meta(html, "photoreel-base"));
        assertTrue(html.contains("<script src=\"/v1/assets/app.js\" defer></script>"), html);
        assertFalse(html.contains("{{"), "every placeholder is filled");
    }

    @Test
    void index_withoutSignInVariables_saysSignInIsOff() throws IOException {
        ObjectNode event = Events.load("serve-page.json");
        event.putNull("stageVariables");
        String html = invoke(event).path("body").asText();
        assertEquals("none", meta(html, "photoreel-sign-in-domain"));
        assertEquals("none", meta(html, "photoreel-sign-in-client-id"));
    }

    @Test
    void stageVariables_areEscapedIntoTheAttribute() throws IOException {
        ObjectNode event = Events.load("serve-page.json");
        ((ObjectNode) event.path("stageVariables")).put("signInClientId", "x\"><script>");
        String html = invoke(event).path("body").asText();
        assertTrue(html.contains("content=\"x&quot;&gt;&lt;script&gt;\""), html);
    }

    @Test
    void assets_areServedWithTheirTypes_andAnyOtherNameIsA404NamingTheFiles() throws IOException {
        ObjectNode event = Events.load("serve-page.json");
        event.put("resource", "/assets/{file}");
        event.put("path", "/assets/app.js");
        event.putObject("pathParameters").put("file", "app.js");
        JsonNode js = invoke(event);
        assertEquals(200, js.path("statusCode").asInt());
        assertEquals("text/javascript; charset=utf-8", js.path("headers").path("Content-Type").asText());
        assertTrue(js.path("body").asText().contains("code_challenge_method"), "the page's script");
        ((ObjectNode) event.path("pathParameters")).put("file", "style.css");
        assertEquals("text/css; charset=utf-8", invoke(event).path("headers").path("Content-Type").asText());

        for (String other : new String[] {"../log4j2.xml", "index.html", "app.js.map"}) {
            ((ObjectNode) event.path("pathParameters")).put("file", other);
            JsonNode refused = invoke(event);
            assertEquals(404, refused.path("statusCode").asInt(), other);
            assertEquals("application/problem+json", refused.path("headers").path("Content-Type").asText());
            assertTrue(refused.path("body").asText().contains("[app.js, style.css]"), refused.toString());
        }
    }

    @Test
    void thePublicConstructor_servesThePage_withoutAnyAwsConfiguration() throws IOException {
        // the function's role grants nothing but its logs: the handler must not build the AWS wiring
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ServePageHandler().handleRequest(new ByteArrayInputStream(Json.MAPPER.writeValueAsBytes(Events.load("serve-page.json"))), out,
                new FakeContext());
        assertEquals(200, Json.MAPPER.readTree(out.toByteArray()).path("statusCode").asInt());
    }
}
