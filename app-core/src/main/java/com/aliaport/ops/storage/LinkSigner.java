package com.aliaport.ops.storage;

import com.aliaport.ops.common.AliaportException;
import com.aliaport.ops.common.OwnerOnlyFile;
import com.aliaport.ops.config.Secret;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 signatures of download links; the same secret on every node makes any node's link valid. */
public final class LinkSigner {
    private static final String SECRET_FILE = "link-secret";
    private final byte[] key;

    public LinkSigner(Secret secret) {
        this.key = secret.value().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The configured secret ({@code ALIAPORT_LINK_SECRET}) or, for a single node, one generated once and kept
     * in {@code home/link-secret} (owner-only) so that links survive a restart.
     */
    public static LinkSigner configuredOrKeptIn(Optional<Secret> configured, Path home) {
        if (configured.isPresent()) {
            return new LinkSigner(configured.get());
        }
        Path file = home.resolve(SECRET_FILE);
        try {
            return new LinkSigner(OwnerOnlyFile.readOrCreate(file, () -> {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            }));
        } catch (UncheckedIOException e) {
            throw new AliaportException("cannot read or create the link secret " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * What nodes compare to tell whether they share the secret: an HMAC of a fixed label under it, truncated, never
     * the secret or a plain hash of it (which precomputed tables could reverse, and which other systems using the
     * same secret might print too).
     */
    public String fingerprint() {
        return sign("aliaport link secret fingerprint v1").substring(0, 16);
    }

    public String sign(String... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sig = mac.doFinal(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (GeneralSecurityException e) {
            throw new AliaportException("HmacSHA256 unavailable", e);
        }
    }

    /** Constant-time comparison, so a forger learns nothing from response times. */
    public boolean verify(String signature, String... parts) {
        if (signature == null) {
            return false;
        }
        return MessageDigest.isEqual(
                sign(parts).getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII));
    }
}
