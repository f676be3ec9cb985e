package com.aliaport.ops.storage;

import com.aliaport.ops.common.AliaportException;
import com.aliaport.ops.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
            if (!Files.exists(file)) {
                Files.createDirectories(home);
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Path tmp = Files.createTempFile(home, SECRET_FILE, ".tmp");
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // Windows: the folder's own permissions apply.
                }
                Files.writeString(tmp, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            return new LinkSigner(new Secret(Files.readString(file).strip()));
        } catch (IOException e) {
            throw new AliaportException("cannot read or create the link secret " + file + ": " + e.getMessage(), e);
        }
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
