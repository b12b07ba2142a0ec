package dev.photoreel.workflow.aws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.photoreel.workflow.MediaStore;
import dev.photoreel.media.MediaFormat;
import dev.photoreel.workflow.Poll;
import dev.photoreel.workflow.media.Mp4Inspector;
import dev.photoreel.workflow.testing.Samples;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** {@link S3MediaStore} against S3Proxy 4.1.0 (in memory), with path-style addressing like the local stack. */
class S3MediaStoreIT {

    private static final String BUCKET = "media";
    private static final int PART = 5 * 1024 * 1024;
    private static S3Proxy proxy;
    private static S3Client s3;
    private static S3MediaStore store;

    @BeforeAll
    static void start() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "access", "secret")
                .build();
        proxy.start();
        assertTrue(Poll.untilTrue(Duration.ofSeconds(10), () -> "STARTED".equals(proxy.getState())), "S3Proxy did not start within 10 s");
        URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("access", "secret"));
        s3 = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(credentials)
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create()).build();
        S3Presigner presigner = S3Presigner.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
        s3.createBucket(b -> b.bucket(BUCKET));
        store = new S3MediaStore(s3, presigner, BUCKET, "uploads/", PART);
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.stop();
    }

    private static void put(String key, byte[] bytes) {
        s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes));
    }

    @Test
    void readRange_readsTheMagicBytesOnly() {
        byte[] big = new byte[100_000];
        System.arraycopy(Samples.png(), 0, big, 0, 16);
        put("uploads/list/été 1.png", big);

        byte[] head = store.readRange("uploads/list/été 1.png", 0, 16);

        assertEquals(16, head.length);
        assertEquals(MediaFormat.PNG, MediaFormat.sniff(head).orElseThrow());
        assertEquals(0, store.readRange("uploads/list/été 1.png", 200_000, 16).length);
    }

    @Test
    void list_returnsEveryObjectUnderThePrefixWithSizes() {
        put("uploads/trip/a.jpg", Samples.jpeg());
        put("uploads/trip/b c+d.png", Samples.png());
        put("uploads/tripx/other.jpg", Samples.jpeg());

        List<MediaStore.StoredObject> objects = store.list("uploads/trip/");

        assertEquals(List.of("uploads/trip/a.jpg", "uploads/trip/b c+d.png"), objects.stream().map(MediaStore.StoredObject::key).toList());
        assertEquals(Samples.jpeg().length, objects.get(0).size());
    }

    @Test
    void presignGet_givesAWorkingLinkForOddKeys() throws Exception {
        byte[] bytes = Samples.gif();
        put("uploads/odd/ä ö+ü (1).gif", bytes);

        URI url = store.presignGet("uploads/odd/ä ö+ü (1).gif", Duration.ofMinutes(5));
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(200, response.statusCode());
        assertArrayEquals(bytes, response.body());
    }

    @Test
    void write_largeBody_streamsAMultipartUploadAndKeepsMetadata() throws Exception {
        byte[] video = Samples.mp4(7.5, 2 * PART + 123, false);
        CountingStream body = new CountingStream(new ByteArrayInputStream(video));

        long written = store.write("videos/job-1.mp4", body, "video/mp4", Map.of("photoreel-job-id", "job-1"));

        assertEquals(video.length, written);
        MediaStore.StoredObject head = store.head("videos/job-1.mp4").orElseThrow();
        assertEquals(video.length, head.size());
        assertEquals("job-1", head.metadata().get("photoreel-job-id"));
        Mp4Inspector.Result check = Mp4Inspector.inspect((o, l) -> store.readRange("videos/job-1.mp4", o, l), head.size());
        assertTrue(check.ok(), check.failure());
        assertEquals(7.5, check.info().durationSeconds());
        assertTrue(body.maxRead <= PART, "one part in memory at a time: read " + body.maxRead);
    }

    @Test
    void write_smallBody_isASinglePut_andHeadOfMissingIsEmpty() throws Exception {
        assertEquals(3, store.write("videos/small.mp4", new ByteArrayInputStream(new byte[] {1, 2, 3}), "video/mp4", Map.of()));
        assertArrayEquals(new byte[] {1, 2, 3}, store.readSmall("videos/small.mp4", 10));
        assertTrue(store.head("videos/missing.mp4").isEmpty());
        assertThrows(IOException.class, () -> store.readSmall("videos/small.mp4", 2));
    }

    @Test
    void write_underUploads_isRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> store.write("uploads/trip/a.jpg", new ByteArrayInputStream(new byte[1]), "image/jpeg", Map.of()));
    }

    /** Records the largest single read, to show the body is streamed. */
    private static final class CountingStream extends InputStream {
        private final InputStream in;
        int maxRead;

        CountingStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            maxRead = Math.max(maxRead, len);
            return in.read(b, off, len);
        }
    }
}
