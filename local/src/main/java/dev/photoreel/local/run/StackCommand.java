package dev.photoreel.local.run;

import dev.photoreel.local.Command;
import dev.photoreel.local.stack.EmulatorVendor;
import dev.photoreel.local.stack.PhotoreelStack;
import dev.photoreel.local.stack.StackOptions;
import dev.photoreel.local.stack.Vendor;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** {@code photoreel stack}: starts the local stack, prints its endpoints for the AWS CLI, runs until Ctrl-C. */
public final class StackCommand implements Command {

    @Override
    public String usage() {
        return "stack            (starts the local AWS stack and the emulator; prints the endpoints; Ctrl-C stops it)";
    }

    @Override
    public int run(List<String> args) throws Exception {
        Path root = LocalHome.root();
        Path logs = root.resolve("target/photoreel-stack");
        ConsoleRedirect redirect = ConsoleRedirect.toFile(logs.resolve("stack-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log"));
        PrintStream out = redirect.console();
        out.println("Starting the local stack (moto, the Lambda endpoint, the vendor emulator)...");
        PhotoreelStack stack = PhotoreelStack.start(options(root), vendor(logs));
        PhotoreelStack.Endpoints endpoints = stack.endpoints();
        out.println();
        out.println("Local stack running. Ctrl-C stops it.");
        out.println("  AWS (S3, DynamoDB, SNS, SQS, Step Functions): " + endpoints.aws());
        out.println("  Lambda (Invoke API, the template's functions): " + endpoints.lambda());
        out.println("  NemoVideo: " + endpoints.vendor());
        out.println("  Bucket: " + stack.bucket() + "   Table: " + stack.table());
        out.println("  Topic: " + stack.topicArn());
        out.println("  State machine: " + stack.stateMachineArn());
        out.println("  Notifications are copied to the SQS queue: " + stack.notificationsQueueUrl());
        out.println("  Logs: " + redirect.file());
        out.println();
        out.println("Use the AWS CLI against it:");
        out.println("  export AWS_ENDPOINT_URL=" + endpoints.aws() + " AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_DEFAULT_REGION=us-east-1");
        out.println("  aws s3 cp examples/seaside s3://" + stack.bucket() + "/uploads/seaside/ --recursive");
        out.println("  aws stepfunctions list-executions --state-machine-arn " + stack.stateMachineArn());
        out.println("  aws dynamodb scan --table-name " + stack.table());
        out.println("  aws sqs receive-message --endpoint-url " + endpoints.aws() + " --queue-url " + stack.notificationsQueueUrl() + "   (the v1 CLI needs --endpoint-url for SQS)");
        out.println("  aws lambda invoke --endpoint-url " + endpoints.lambda() + " --function-name CheckUploadsFunction --payload '{}' /dev/stdout");
        out.println();
        out.println("The jobs API (requests signed with the local credentials above, service execute-api):");
        out.println("  export PHOTOREEL_API_URL=" + stack.apiUrl() + " PHOTOREEL_NOTIFICATIONS_QUEUE_URL=" + stack.notificationsQueueUrl());
        if ("api_key".equals(stack.apiSecurity())) {
            out.println("  export PHOTOREEL_API_KEY=" + dev.photoreel.local.stack.LocalApiGateway.LOCAL_API_KEY);
            out.println("  curl -H \"x-api-key: $PHOTOREEL_API_KEY\" \"$PHOTOREEL_API_URL/jobs\"");
        } else {
            out.println("  curl --aws-sigv4 \"aws:amz:us-east-1:execute-api\" --user \"local:local\" \"$PHOTOREEL_API_URL/jobs\"");
        }
        out.println();
        printPage(out, stack);
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
        stopped.await();
        return 0;
    }

    /** The web page's address and the link that signs a browser in (the local stand-in for Cognito's hosted UI). */
    static void printPage(PrintStream out, PhotoreelStack stack) {
        out.println("The web page (open the sign-in link first, in the browser you will use; it is valid for this run only):");
        out.println("  Page:         " + stack.pageUrl());
        out.println("  Sign-in link: " + stack.signInLink());
    }

    static StackOptions options(Path root) {
        StackOptions options = StackOptions.local(root).withRenderTimeoutSeconds(900);
        String clientId = System.getenv("NEMO_CLIENT_ID");
        return clientId == null || clientId.isBlank() ? options : options.withEnvironment("NEMO_CLIENT_ID", clientId.strip());
    }

    /** The emulator, unless {@code NEMO_API_BASE} names a real vendor. */
    static Vendor vendor(Path logs) throws java.io.IOException {
        String real = System.getenv("NEMO_API_BASE");
        if (real != null && !real.isBlank()) {
            return Vendor.external(URI.create(real.strip()));
        }
        return EmulatorVendor.start(logs.resolve("emulator"));
    }
}
