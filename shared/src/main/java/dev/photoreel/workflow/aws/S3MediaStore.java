package dev.photoreel.workflow.aws;

import dev.photoreel.workflow.MediaStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** {@link MediaStore} on one S3 bucket. Never deletes and never writes under the uploads prefix. */
public final class S3MediaStore implements MediaStore {

    /** Parts of the streaming upload: one part in memory at a time (S3's minimum part is 5 MiB). */
    public static final int DEFAULT_PART_BYTES = 8 * 1024 * 1024;

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final String readOnlyPrefix;
    private final int partBytes;

    public S3MediaStore(S3Client s3, S3Presigner presigner, String bucket, String readOnlyPrefix, int partBytes) {
        if (partBytes < 5 * 1024 * 1024) {
            throw new IllegalArgumentException("S3 multipart parts must be at least 5 MiB, got " + partBytes);
        }
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
        this.readOnlyPrefix = readOnlyPrefix;
        this.partBytes = partBytes;
    }

    @Override
    public List<StoredObject> list(String prefix) {
        List<StoredObject> objects = new ArrayList<>();
        s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).build())
                .contents()
                .forEach(o -> objects.add(new StoredObject(o.key(), o.size(), o.lastModified(), o.eTag(), Map.of())));
        return objects;
    }

    @Override
    public List<String> folders(String prefix) {
        List<String> folders = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).delimiter("/");
            if (token != null) {
                request.continuationToken(token);
            }
            var page = s3.listObjectsV2(request.build());
            page.commonPrefixes().forEach(p -> folders.add(p.prefix()));
            token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
        } while (token != null);
        return folders;
    }

    @Override
    public byte[] readRange(String key, long offset, int length) {
        if (length <= 0) {
            return new byte[0];
        }
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key)
                    .range("bytes=" + offset + "-" + (offset + length - 1)).build());
            byte[] data = bytes.asByteArray();
            // a server that ignores Range sends the whole object: keep only the asked-for bytes
            if (data.length > length) {
                int from = (int) Math.min(offset, data.length);
                return java.util.Arrays.copyOfRange(data, from, (int) Math.min(data.length, from + (long) length));
            }
            return data;
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                return new byte[0];
            }
            throw e;
        }
    }

    @Override
    public byte[] readSmall(String key, int maxBytes) throws IOException {
        try (InputStream in = open(key)) {
            byte[] data = in.readNBytes(maxBytes + 1);
            if (data.length > maxBytes) {
                throw new IOException(key + " is larger than " + maxBytes + " bytes");
            }
            return data;
        }
    }

    @Override
    public InputStream open(String key) {
        return s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build());
    }

    @Override
    public Optional<StoredObject> head(String key) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new StoredObject(key, head.contentLength(), head.lastModified(), head.eTag(), head.metadata()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            // without s3:ListBucket, S3 answers a HEAD of a missing key with 403 instead of 404; the functions
            // that call head() may read the key (s3:GetObject), so a 403 here means the object is not there
            if (e.statusCode() == 404 || e.statusCode() == 403) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public URI presignGet(String key, Duration expiry) {
        try {
            return presigner.presignGetObject(b -> b.signatureDuration(expiry)
                    .getObjectRequest(g -> g.bucket(bucket).key(key))).url().toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("the presigned URL for " + key + " is not a valid URI", e);
        }
    }

    @Override
    public long write(String key, InputStream body, String contentType, Map<String, String> metadata) throws IOException {
        if (key.startsWith(readOnlyPrefix)) {
            throw new IllegalArgumentException("refusing to write " + key + ": inputs under " + readOnlyPrefix + " are never modified");
        }
        byte[] first = body.readNBytes(partBytes);
        if (first.length < partBytes) {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType).metadata(metadata).build(),
                    RequestBody.fromBytes(first));
            return first.length;
        }
        String uploadId = s3.createMultipartUpload(CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
                .contentType(contentType).metadata(metadata).build()).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long total = 0;
            byte[] part = first;
            int number = 1;
            while (part.length > 0) {
                String eTag = s3.uploadPart(UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                        .partNumber(number).contentLength((long) part.length).build(), RequestBody.fromBytes(part)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).build());
                total += part.length;
                number++;
                part = body.readNBytes(partBytes);
            }
            s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()).build());
            return total;
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(AbortMultipartUploadRequest.builder().bucket(bucket).key(key).uploadId(uploadId).build());
            } catch (RuntimeException abortFailure) {
                e.addSuppressed(abortFailure);
            }
            throw e;
        }
    }
}
