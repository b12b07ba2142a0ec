package dev.photoreel.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The deployment artifact ({@code target/photoreel-functions.jar}, built by {@code package}): under
 * 20 MB, one HTTP client implementation, no native payload, and (loaded on its own, without the test
 * class path) every handler builds its real collaborators and a call goes through the SDK's whole
 * request path to the HTTP client.
 */
class FunctionsArtifactIT {

    private static final File JAR = new File("target/photoreel-functions.jar");
    /** RenderVideoFunction's own artifact: the functions jar plus the engine and the static ffmpeg. */
    private static final File RENDER_JAR = new File("target/photoreel-render-function.jar");
    /** Lambda's limit for a function's unzipped code. */
    private static final long LAMBDA_UNZIPPED_LIMIT = 250L * 1024 * 1024;
    /**
     * The budget: a guard against an accidental large dependency (cold starts grow with the jar). It was 20 MB until
     * the jobs API, the guard and the reconciler brought the jar to 20.0 MB with S3's unused paginators already dropped;
     * the bench's artifact row (ArtifactRow) states the same figure.
     */
    private static final long MAX_BYTES = 21_000_000L;
    private static final List<String> HANDLERS = List.of("StartJob", "CheckUploads", "ValidateJob", "AuthenticateVendor",
            "CreateSession", "UploadMedia", "StreamInstruction", "CheckDraft", "SubmitRender", "CheckRender", "StoreVideo",
            "CompleteJob", "FailJob", "NotifyUser", "GuardExecution", "ReconcileJobs", "CreateJob", "LaunchJob", "GetJob", "GetVideo", "CreateRevision",
            "ListJobs");

    @Test
    void artifact_isSmallWithOneHttpClientAndNoNativePayload() throws Exception {
        assertTrue(JAR.isFile(), "run mvn package first: " + JAR.getAbsolutePath());
        assertTrue(JAR.length() < MAX_BYTES, "the artifact is " + JAR.length() + " bytes, over " + MAX_BYTES);
        List<String> offending = new ArrayList<>();
        try (JarFile jar = new JarFile(JAR)) {
            for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                String name = entry.getName();
                if (name.startsWith("org/apache/http/") || name.startsWith("org/apache/hc/") || name.startsWith("io/netty/")
                        || name.startsWith("software/amazon/awssdk/http/apache") || name.startsWith("software/amazon/awssdk/http/nio")
                        || name.startsWith("software/amazon/awssdk/crt/") || name.startsWith("ws/schild/")
                        || name.matches(".*\\.(so|dll|dylib|jnilib)$")) {
                    offending.add(name);
                }
            }
            assertTrue(jar.getEntry("software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class") != null);
            assertTrue(jar.getEntry("dev/photoreel/config/Environment.class") != null, "the configuration reader is in the jar");
            assertEquals(null, jar.getEntry("dev/photoreel/render/FfmpegRenderEngine.class"), "the render engine is not");
        }
        assertEquals(List.of(), offending.subList(0, Math.min(10, offending.size())));
    }

    @Test
    void artifact_handlersBuildAndCallThroughTheSdk() throws Exception {
        java.io.PrintStream stdout = System.out;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {JAR.toURI().toURL()}, ClassLoader.getPlatformClassLoader())) {
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            System.setOut(new java.io.PrintStream(logs, true, StandardCharsets.UTF_8));
            try {
                for (String name : HANDLERS) {
                    Class<?> type = loader.loadClass("dev.photoreel.functions." + name + "Handler");
                    type.getConstructor().newInstance();
                }
                Method prime = loader.loadClass("dev.photoreel.functions.Priming").getDeclaredMethod("prime");
                prime.setAccessible(true);
                assertEquals(2, prime.invoke(null));

                // the jobs API validates with its JSON schema from inside the (minimized) artifact: a bad body is a 400
                Object create = loader.loadClass("dev.photoreel.functions.CreateJobHandler").getConstructor().newInstance();
                ByteArrayOutputStream refused = new ByteArrayOutputStream();
                create.getClass().getMethod("handleRequest", java.io.InputStream.class, java.io.OutputStream.class,
                        loader.loadClass("com.amazonaws.services.lambda.runtime.Context")).invoke(create, new ByteArrayInputStream(
                        "{\"httpMethod\": \"POST\", \"path\": \"/jobs\", \"body\": \"{\\\"files\\\": [], \\\"colour\\\": 1}\"}"
                                .getBytes(StandardCharsets.UTF_8)), refused, null);
                String response = refused.toString(StandardCharsets.UTF_8);
                assertTrue(response.contains("\"statusCode\":400") && response.contains("colour"), response);

                // Complete Job reads the job item first: marshalling, signing, endpoint resolution and the HTTP
                // client all run before the unreachable endpoint refuses the connection
                Object handler = loader.loadClass("dev.photoreel.functions.CompleteJobHandler").getConstructor().newInstance();
                Method handle = handler.getClass().getMethod("handleRequest", java.io.InputStream.class, java.io.OutputStream.class,
                        loader.loadClass("com.amazonaws.services.lambda.runtime.Context"));
                Throwable failure = null;
                try {
                    handle.invoke(handler, new ByteArrayInputStream("{\"jobId\": \"x-1\"}".getBytes(StandardCharsets.UTF_8)),
                            new ByteArrayOutputStream(), null);
                } catch (InvocationTargetException e) {
                    failure = e.getCause();
                }
                assertTrue(failure != null, "the call must fail: nothing listens on the endpoint");
                String described = failure.toString();
                assertEquals("software.amazon.awssdk.core.exception.SdkClientException", failure.getClass().getName(),
                        () -> "unexpected failure: " + described);
            } finally {
                System.setOut(stdout);
                Thread.currentThread().setContextClassLoader(previous);
            }
        }
        String output = logs.toString(StandardCharsets.UTF_8);
        stdout.println(output);
        assertTrue(output.contains("\"message\":\"primed 2 sample payloads\""), "Log4j with the Lambda JSON layout works: " + output);
        assertTrue(output.contains("\"_aws\""), "the EMF metrics were flushed: " + output);
        assertTrue(output.contains("\"StageDuration\"") && output.contains("\"stage\":\"CompleteJob\""),
                "the stage is a dimension of its own, so durations and failures can be graphed by stage: " + output);
    }

    @Test
    void renderArtifact_carriesTheEngineAndFfmpeg_andItsHandlerAndEngineBuildOnTheirOwn() throws Exception {
        assertTrue(RENDER_JAR.isFile(), "run mvn package first: " + RENDER_JAR.getAbsolutePath());
        long unzipped = 0;
        try (JarFile jar = new JarFile(RENDER_JAR)) {
            for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                unzipped += Math.max(0, entry.getSize());
            }
            assertTrue(jar.getEntry("ws/schild/jave/nativebin/ffmpeg-amd64") != null, "the x86_64 ffmpeg is in the artifact");
            assertTrue(jar.getEntry("dev/photoreel/render/FfmpegRenderEngine.class") != null, "the engine is in the artifact");
            assertTrue(jar.getEntry("dev/photoreel/functions/RenderVideoHandler.class") != null);
        }
        assertTrue(unzipped < LAMBDA_UNZIPPED_LIMIT, "unzipped " + unzipped + " bytes, over Lambda's limit");
        if (!"amd64".equals(System.getProperty("os.arch"))) {
            return; // the artifact's ffmpeg runs on x86_64 only, like the function
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {RENDER_JAR.toURI().toURL()}, ClassLoader.getPlatformClassLoader())) {
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(loader);
            try {
                loader.loadClass("dev.photoreel.functions.RenderVideoHandler").getConstructor().newInstance();
                // extracts ffmpeg from this jar alone and checks it has every filter the graphs use
                Object engine = loader.loadClass("dev.photoreel.render.FfmpegRenderEngine").getConstructor().newInstance();
                assertTrue(engine.toString() != null);
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }
    }
}
