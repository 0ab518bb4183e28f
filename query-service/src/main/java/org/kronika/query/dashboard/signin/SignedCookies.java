package org.kronika.query.dashboard.signin;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * What the browser keeps for the service between starting a sign-in and returning from it, so that someone not
 * signed in costs the service no memory: a short-lived cookie (HttpOnly, SameSite=Lax, Secure over HTTPS) whose value
 * the service signed (HMAC-SHA256) with its expiry, so that it reads back only what it wrote, and only in time.
 * Every instance that may receive a sign-in's return must hold the same key (docs/security.md, section 7).
 */
public final class SignedCookies {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Clock clock;

    /** @param key at least 32 bytes; none (null or empty) for a key of this instance only, drawn at random */
    public SignedCookies(byte[] key, Clock clock) {
        if (key == null || key.length == 0) {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        } else if (key.length < 32) {
            throw new IllegalArgumentException("The sign-in cookie key must be at least 32 bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.clock = clock;
    }

    void write(String name, String path, String value, Duration lifetime, HttpServletRequest request,
               HttpServletResponse response) {
        String payload = clock.instant().plus(lifetime).getEpochSecond() + "."
                + ENCODER.encodeToString(value.getBytes(StandardCharsets.UTF_8));
        set(name, path, payload + "." + ENCODER.encodeToString(mac(name, payload)), lifetime, request, response);
    }

    /** @return the value written under this name, if the browser sent it back unchanged and before it expired */
    Optional<String> read(String name, HttpServletRequest request) {
        if (request.getCookies() == null) {
            return Optional.empty();
        }
        for (Cookie cookie : request.getCookies()) {
            if (cookie.getName().equals(name)) {
                Optional<String> value = verified(name, cookie.getValue());
                if (value.isPresent()) {
                    return value;
                }
            }
        }
        return Optional.empty();
    }

    void clear(String name, String path, HttpServletRequest request, HttpServletResponse response) {
        set(name, path, "", Duration.ZERO, request, response);
    }

    private Optional<String> verified(String name, String cookie) {
        int signature = cookie.lastIndexOf('.');
        int expiry = cookie.indexOf('.');
        if (signature <= 0 || expiry == signature) {
            return Optional.empty();
        }
        String payload = cookie.substring(0, signature);
        try {
            // The name is signed too: a value written under one name is not read under another.
            if (!MessageDigest.isEqual(mac(name, payload), DECODER.decode(cookie.substring(signature + 1)))
                    || !Instant.ofEpochSecond(Long.parseLong(payload.substring(0, expiry))).isAfter(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(new String(DECODER.decode(payload.substring(expiry + 1)), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private byte[] mac(String name, String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal((name + "=" + payload).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void set(String name, String path, String value, Duration lifetime, HttpServletRequest request,
                            HttpServletResponse response) {
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(name, value).path(path).maxAge(lifetime)
                .httpOnly(true).secure(request.isSecure()).sameSite("Lax").build().toString());
    }
}
