package dev.photoreel.local.stack;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * AWS-side faults of the local stack, injected by the proxy in front of moto ({@link LambdaEndpoint}) that the
 * handlers' SNS client talks to: the code under test is unchanged, the service misbehaves. For now: SNS
 * {@code Publish} answered with HTTP 500 {@code InternalError}, for the next N calls (every SDK attempt counts).
 */
public final class AwsFaults {

    /** A canned response: status, content type, body. */
    record Response(int status, String contentType, byte[] body) {
    }

    private final AtomicInteger snsPublishFailures = new AtomicInteger();
    private final AtomicInteger snsPublishFailed = new AtomicInteger();

    /** Fails the next {@code count} SNS Publish requests ({@link Integer#MAX_VALUE}: until {@link #reset()}). */
    public void failSnsPublish(int count) {
        snsPublishFailures.set(count);
    }

    /** How many SNS Publish requests were failed so far. */
    public int snsPublishFailed() {
        return snsPublishFailed.get();
    }

    /** No more faults. */
    public void reset() {
        snsPublishFailures.set(0);
    }

    /** The fault for a request about to go to moto, if one is armed for it. */
    Optional<Response> intercept(String method, String contentType, byte[] body) {
        if (snsPublishFailures.get() <= 0 || !"POST".equals(method) || contentType == null
                || !contentType.startsWith("application/x-www-form-urlencoded")) {
            return Optional.empty();
        }
        String form = new String(body, StandardCharsets.UTF_8);
        boolean publish = ("&" + form + "&").contains("&Action=Publish&");
        if (!publish || snsPublishFailures.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1)) <= 0) {
            return Optional.empty();
        }
        snsPublishFailed.incrementAndGet();
        String xml = "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Receiver</Type>"
                + "<Code>InternalError</Code><Message>photoreel local stack: injected SNS Publish failure</Message></Error>"
                + "<RequestId>local-fault</RequestId></ErrorResponse>";
        return Optional.of(new Response(500, "text/xml", xml.getBytes(StandardCharsets.UTF_8)));
    }
}
