package com.aliaport.ops.storage;

import com.aliaport.ops.common.AliaportException;
import com.aliaport.ops.config.AppConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.GetObjectPresignRequest;

/**
 * Report files in a private S3 bucket (or any S3-compatible endpoint), under an optional key prefix. Links are
 * pre-signed GETs that also set the content type and the download file name.
 */
public final class S3ReportStorage implements ReportStorage, AutoCloseable {
    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;
    private final String prefix;

    public S3ReportStorage(S3Client s3, S3Presigner presigner, String bucket, String prefix) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() ? "" : prefix + "/";
    }

    /** From the configuration, with the default AWS credential chain. */
    public static S3ReportStorage create(AppConfig.S3Storage config) {
        return create(config, DefaultCredentialsProvider.builder().build());
    }

    /**
     * With explicit credentials. A custom endpoint (MinIO, Ceph, S3Proxy…) gets path-style addressing and, when
     * no region is given, {@code us-east-1}, which such servers accept.
     */
    public static S3ReportStorage create(AppConfig.S3Storage config, AwsCredentialsProvider credentials) {
        var client = S3Client.builder().credentialsProvider(credentials);
        var presigner = S3Presigner.builder().credentialsProvider(credentials);
        config.region()
                .or(() -> config.endpoint().map(e -> "us-east-1"))
                .map(Region::of)
                .ifPresent(r -> {
                    client.region(r);
                    presigner.region(r);
                });
        config.endpoint().ifPresent(endpoint -> {
            // S3-compatible servers often lack the SDK's newer default (CRC trailers on every upload):
            // send checksums only where the S3 API requires them.
            client.endpointOverride(endpoint)
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
            presigner
                    .endpointOverride(endpoint)
                    .serviceConfiguration(S3Configuration.builder()
                            .pathStyleAccessEnabled(true)
                            .build());
        });
        return new S3ReportStorage(client.build(), presigner.build(), config.bucket(), config.prefix());
    }

    @Override
    public void put(String key, Path file, String contentType, String downloadName) {
        try {
            s3.putObject(
                    b -> b.bucket(bucket)
                            .key(prefix + key)
                            .contentType(contentType)
                            .contentDisposition(ContentDisposition.attachment(downloadName)),
                    RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw new AliaportException(
                    "cannot upload report " + key + " to s3://" + bucket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public URI link(String key, String downloadName, Duration ttl) {
        GetObjectRequest get = GetObjectRequest.builder()
                .bucket(bucket)
                .key(prefix + key)
                .responseContentDisposition(ContentDisposition.attachment(downloadName))
                .responseContentType(XLSX)
                .build();
        try {
            return presigner
                    .presignGetObject(GetObjectPresignRequest.builder()
                            .signatureDuration(ttl)
                            .getObjectRequest(get)
                            .build())
                    .url()
                    .toURI();
        } catch (URISyntaxException e) {
            throw new AliaportException("pre-signed URL for " + key + " is not a URI: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(prefix + key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new AliaportException("cannot check report " + key + " in s3://" + bucket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(prefix + key));
        } catch (SdkException e) {
            throw new AliaportException(
                    "cannot delete report " + key + " from s3://" + bucket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }
}
