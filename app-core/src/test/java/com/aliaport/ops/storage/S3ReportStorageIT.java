package com.aliaport.ops.storage;

import com.aliaport.ops.config.AppConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 adapter against S3Proxy running in this JVM (a real S3 protocol server over an in-memory store),
 * reached through {@code ALIAPORT_S3_ENDPOINT}-style configuration with a key prefix.
 */
class S3ReportStorageIT extends ReportStorageContract {
    private static final String ACCESS = "aliaport-test";
    private static final String SECRET = "aliaport-test-secret-key";

    private S3Proxy proxy;
    private S3ReportStorage storage;
    private S3Client admin;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .overrides(new Properties())
                .build(BlobStoreContext.class);
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
                .build();
        proxy.start();
        while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) {
            Thread.sleep(10);
        }
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS, SECRET));
        admin = S3Client.builder()
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .build();
        admin.createBucket(b -> b.bucket("aliaport-reports"));
        storage = S3ReportStorage.create(
                new AppConfig.S3Storage("aliaport-reports", "prod", Optional.of(endpoint), Optional.empty()),
                credentials);
    }

    @AfterEach
    void stop() throws Exception {
        storage.close();
        admin.close();
        proxy.stop();
    }

    @Override
    ReportStorage storage() {
        return storage;
    }

    @Override
    List<String> keys() {
        return admin.listObjectsV2(b -> b.bucket("aliaport-reports")).contents().stream()
                .map(S3Object::key)
                .map(k -> k.substring("prod/".length()))
                .toList();
    }

    @Override
    Fetched fetch(URI link) throws Exception {
        HttpResponse<byte[]> r =
                http.send(HttpRequest.newBuilder(link).build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Fetched(r.statusCode(), r.body(), r.headers().firstValue("Content-Disposition"));
    }

    @Override
    void elapse(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }
}
