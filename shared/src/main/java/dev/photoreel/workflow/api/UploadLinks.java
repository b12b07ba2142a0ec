package dev.photoreel.workflow.api;

import java.net.URI;
import java.time.Duration;

/** Presigned PUT URLs for the files a job announces: content type and length are signed, so S3 refuses another file. */
public interface UploadLinks {

    URI presignPut(String key, String contentType, long contentLength, Duration expiry);
}
