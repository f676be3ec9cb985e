package com.aliaport.ops.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.Optional;

/**
 * HTTPS for the daemon's listener: a PKCS12 keystore holding the private key and its certificate chain, opened
 * by one password (the store's and the key's, as {@code keytool} and {@code openssl pkcs12} make them). Checked
 * when the configuration is read, so a missing file, a wrong password or a store without a key stops the start
 * with one line instead of a listener that fails on the first handshake.
 */
public record HttpTls(Path keystore, Secret password, String keyAlias) {
    static final String KEYSTORE = "ALIAPORT_HTTP_TLS_KEYSTORE";
    static final String PASSWORD = "ALIAPORT_HTTP_TLS_KEYSTORE_PASSWORD";

    @Override
    public String toString() {
        return "HttpTls[keystore=" + keystore + ", password=" + password + ", keyAlias=" + keyAlias + "]";
    }

    /** Both settings or neither; the store is opened once to prove it serves. */
    static Optional<HttpTls> load(Optional<Path> keystore, Optional<Secret> password) {
        if (keystore.isEmpty() && password.isEmpty()) {
            return Optional.empty();
        }
        if (keystore.isEmpty()) {
            throw new ConfigException(KEYSTORE + ": needed when " + PASSWORD + " is set (a PKCS12 file)");
        }
        if (password.isEmpty()) {
            throw new ConfigException(PASSWORD + ": needed when " + KEYSTORE + " is set");
        }
        Path file = keystore.get();
        if (!Files.exists(file)) {
            throw new ConfigException(KEYSTORE + ": " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(KEYSTORE + ": " + file + " is not a file");
        }
        char[] secret = password.get().value().toCharArray();
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw new ConfigException(PASSWORD + ": the password does not open " + file);
            }
            throw new ConfigException(KEYSTORE + ": " + file + " cannot be read as a PKCS12 keystore ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")");
        } catch (GeneralSecurityException e) {
            throw new ConfigException(KEYSTORE + ": " + file + " cannot be read as a PKCS12 keystore ("
                    + e.getClass().getSimpleName() + ")");
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    store.getKey(alias, secret);
                    if (store.getCertificateChain(alias) == null) {
                        throw new ConfigException(
                                KEYSTORE + ": the key '" + alias + "' in " + file + " has no certificate chain");
                    }
                    return Optional.of(new HttpTls(file, password.get(), alias));
                }
            }
        } catch (UnrecoverableKeyException e) {
            throw new ConfigException(PASSWORD + ": the private key in " + file + " does not open with this password");
        } catch (GeneralSecurityException e) {
            throw new ConfigException(KEYSTORE + ": the private key in " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
        throw new ConfigException(KEYSTORE + ": " + file + " holds no private key (only certificates)");
    }
}
