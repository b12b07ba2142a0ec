package dev.photoreel.workflow.aws;

import dev.photoreel.workflow.api.UploadLinks;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Presigned PUTs whose signature covers Content-Type and Content-Length: S3 refuses any other file. */
public final class S3UploadLinks implements UploadLinks {

    private final S3Presigner presigner;
    private final String bucket;

    public S3UploadLinks(S3Presigner presigner, String bucket) {
        this.presigner = presigner;
        this.bucket = bucket;
    }

    @Override
    public URI presignPut(String key, String contentType, long contentLength, Duration expiry) {
        try {
            return presigner.presignPutObject(b -> b.signatureDuration(expiry)
                    .putObjectRequest(p -> p.bucket(bucket).key(key).contentType(contentType).contentLength(contentLength))).url().toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the presigned URL for " + key + " is not a valid URI", e);
        }
    }
}
