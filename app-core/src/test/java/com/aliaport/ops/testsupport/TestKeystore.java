package com.aliaport.ops.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A PKCS12 keystore made at test time by the JDK's own {@code keytool} (part of every JDK, so no
 * {@code RequiredTool}): a self-signed certificate for {@code localhost} and {@code 127.0.0.1}, and the
 * {@link SSLContext} of a client that trusts exactly that certificate.
 */
public record TestKeystore(Path file, String password, String alias) {
    private static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");

    /** A key pair with its self-signed certificate in {@code dir/name}. */
    public static TestKeystore create(Path dir, String name, String password) {
        Path file = dir.resolve(name);
        keytool(
                "-genkeypair",
                "-alias",
                "aliaport",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost, O=Aliaport test",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                file.toString(),
                "-storepass",
                password,
                "-keypass",
                password);
        return new TestKeystore(file, password, "aliaport");
    }

    /** A PKCS12 store holding only this store's certificate, no key (what a server cannot serve with). */
    public TestKeystore certificateOnly(Path dir, String name) {
        Path cert = dir.resolve(name + ".cer");
        keytool(
                "-exportcert",
                "-alias",
                alias,
                "-keystore",
                file.toString(),
                "-storepass",
                password,
                "-file",
                cert.toString());
        Path only = dir.resolve(name);
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "cert",
                "-file",
                cert.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                only.toString(),
                "-storepass",
                password);
        return new TestKeystore(only, password, "cert");
    }

    /** A client context that trusts this certificate and nothing else. */
    public SSLContext trust() {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            Certificate cert = store.getCertificate(alias);
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("daemon", cert);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void keytool(String... args) {
        List<String> cmd = new ArrayList<>(List.of(KEYTOOL.toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
