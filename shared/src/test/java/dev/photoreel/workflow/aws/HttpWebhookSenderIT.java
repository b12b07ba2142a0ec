package dev.photoreel.workflow.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpWebhookSenderIT {

    private final List<String> received = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private URI serve(int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Photoreel-Event-Id") + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void post_sendsHeadersAndBody_andReturnsTheStatus() throws IOException {
        URI url = serve(503);

        int status = new HttpWebhookSender().post(url, Map.of("Photoreel-Event-Id", "j:COMPLETED"), "{\"a\":1}");

        assertEquals(503, status);
        assertEquals(List.of("POST j:COMPLETED application/json {\"a\":1}"), received);
    }

    @Test
    void post_toAClosedPort_throwsIOException() throws IOException {
        URI url = serve(200);
        server.stop(0);
        server = null;

        assertThrows(IOException.class, () -> new HttpWebhookSender(Duration.ofMillis(500), Duration.ofMillis(500)).post(url, Map.of(), "{}"));
    }
}
