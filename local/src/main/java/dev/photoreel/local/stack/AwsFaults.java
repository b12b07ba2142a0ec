package dev.photoreel.local.stack;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * AWS-side faults of the local stack, injected by the proxy in front of moto ({@link LambdaEndpoint}) that the
 * handlers' SNS and DynamoDB clients talk to: the code under test is unchanged, the service misbehaves.
 * <ul>
 *   <li>SNS {@code Publish} answered with HTTP 500 {@code InternalError}, for the next N calls;</li>
 *   <li>DynamoDB requests answered with HTTP 400 {@code ProvisionedThroughputExceededException} (throttling), for
 *       the next N requests.</li>
 * </ul>
 * Every SDK attempt counts as a call. {@link Integer#MAX_VALUE} arms a fault until {@link #reset()}.
 */
public final class AwsFaults {

    /** A canned response: status, content type, body. */
    record Response(int status, String contentType, byte[] body) {
    }

    private final AtomicInteger snsPublishFailures = new AtomicInteger();
    private final AtomicInteger snsPublishFailed = new AtomicInteger();
    private final AtomicInteger dynamoDbThrottles = new AtomicInteger();
    private final AtomicInteger dynamoDbThrottled = new AtomicInteger();

    /** Fails the next {@code count} SNS Publish requests ({@link Integer#MAX_VALUE}: until {@link #reset()}). */
    public void failSnsPublish(int count) {
        snsPublishFailures.set(count);
    }

    /** How many SNS Publish requests were failed so far. */
    public int snsPublishFailed() {
        return snsPublishFailed.get();
    }

    /** Throttles the next {@code count} DynamoDB requests ({@link Integer#MAX_VALUE}: until {@link #reset()}). */
    public void throttleDynamoDb(int count) {
        dynamoDbThrottles.set(count);
    }

    /** How many DynamoDB requests were throttled so far. */
    public int dynamoDbThrottled() {
        return dynamoDbThrottled.get();
    }

    /** No more faults. */
    public void reset() {
        snsPublishFailures.set(0);
        dynamoDbThrottles.set(0);
    }

    /** The fault for a request about to go to moto, if one is armed for it. */
    Optional<Response> intercept(String method, Map<String, List<String>> headers, byte[] body) {
        String target = header(headers, "X-Amz-Target");
        if (target != null && target.startsWith("DynamoDB_") && take(dynamoDbThrottles)) {
            dynamoDbThrottled.incrementAndGet();
            String json = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
                    + "\"message\":\"photoreel local stack: injected throttling\"}";
            return Optional.of(new Response(400, "application/x-amz-json-1.0", json.getBytes(StandardCharsets.UTF_8)));
        }
        String contentType = header(headers, "Content-Type");
        if (snsPublishFailures.get() <= 0 || !"POST".equals(method) || contentType == null
                || !contentType.startsWith("application/x-www-form-urlencoded")) {
            return Optional.empty();
        }
        String form = new String(body, StandardCharsets.UTF_8);
        boolean publish = ("&" + form + "&").contains("&Action=Publish&");
        if (!publish || !take(snsPublishFailures)) {
            return Optional.empty();
        }
        snsPublishFailed.incrementAndGet();
        String xml = "<ErrorResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><Error><Type>Receiver</Type>"
                + "<Code>InternalError</Code><Message>photoreel local stack: injected SNS Publish failure</Message></Error>"
                + "<RequestId>local-fault</RequestId></ErrorResponse>";
        return Optional.of(new Response(500, "text/xml", xml.getBytes(StandardCharsets.UTF_8)));
    }

    /** Uses one armed fault: true when one was armed. */
    private static boolean take(AtomicInteger armed) {
        return armed.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1)) > 0;
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }
}
