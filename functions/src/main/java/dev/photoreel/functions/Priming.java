package dev.photoreel.functions;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photoreel.workflow.FailureDescriber;
import dev.photoreel.workflow.InputFile;
import dev.photoreel.workflow.JobManifest;
import dev.photoreel.media.MediaPolicy;
import dev.photoreel.workflow.media.Mp4Inspector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * SnapStart priming: before the snapshot, loads the hot classes (Jackson mapping of sample payloads,
 * SDK request models and marshalling, the MP4 and format checks) without any network call: it never
 * touches the vendor, AWS, or the token.
 */
final class Priming implements Resource {

    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    /** CRaC keeps weak references to resources: this one lives as long as the class. */
    private static final Priming INSTANCE = new Priming();
    private static volatile boolean registered;

    static synchronized void register() {
        if (!registered) {
            Core.getGlobalContext().register(INSTANCE);
            registered = true;
        }
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // nothing: clients re-resolve credentials on use
    }

    /** Exercises the hot paths offline; returns how many sample payloads it mapped. */
    static int prime() {
        int mapped = 0;
        try {
            JsonNode state = Json.read(resource("priming/state.json"));
            WorkflowState parsed = Json.convert(state, WorkflowState.class);
            Json.write(new ByteArrayOutputStream(), Map.of("jobId", parsed.jobId(), "settings", parsed.settings()));
            mapped++;
            StartJobHandler.parse(Json.read(resource("priming/s3-event.json")));
            mapped++;
        } catch (IOException e) {
            throw new UncheckedIOException("priming payloads are missing from the artifact", e);
        }
        JobManifest manifest = JobManifest.parse("job.json", "{\"title\": \"t\", \"aspectRatio\": \"9:16\", \"secondsPerImage\": 2}");
        manifest.vendorInstruction(List.of(new InputFile("uploads/a/b.jpg", "b.jpg", InputFile.Kind.IMAGE, "jpeg", 1)));
        MediaPolicy.WORKFLOW.accept(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0});
        Mp4Inspector.inspect((offset, length) -> new byte[0], 8);
        FailureDescriber.describe("States.Timeout", "{\"errorMessage\": \"x\"}");
        // SDK model classes and builders (no client call)
        UpdateItemRequest.builder().tableName("t").key(Map.of("pk", AttributeValue.fromS("JOB#x"))).build();
        GetObjectRequest.builder().bucket("b").key("k").range("bytes=0-15").build();
        StartExecutionRequest.builder().name("n").input("{}").build();
        PublishRequest.builder().message("m").subject("s").build();
        SdkBytes.fromString("x", StandardCharsets.UTF_8);
        LOG.info("primed {} sample payloads", mapped);
        return mapped;
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = Priming.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException("missing resource " + name);
        }
        return in;
    }
}
