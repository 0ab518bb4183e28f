package org.kronika.command.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kronika.security.Actor;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.kronika.security.Problem;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} on commands: the first request with a key runs and its successful answer is kept in
 * PostgreSQL; a retry with the same key and the same request gets that answer back and records nothing. The
 * same key with a different request is refused. A failed request keeps nothing, so it can be retried.
 */
@Component
// After authentication: a stored answer is only ever replayed to a caller who may send the request again.
@Order(SecurityProperties.DEFAULT_FILTER_ORDER + 10)
public class IdempotencyKeys extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    private static final Pattern VALID_KEY = Pattern.compile("^[\\x21-\\x7E]{1,200}$");

    private final JdbcTemplate jdbc;

    public IdempotencyKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String clientKey = request.getHeader(HEADER);
        if (!VALID_KEY.matcher(clientKey).matches()) {
            problem(response, HttpStatus.BAD_REQUEST, "Invalid Idempotency-Key",
                    "Idempotency-Key must be 1-200 visible ASCII characters");
            return;
        }
        // Keys are the caller's own: one client can neither collide with nor replay another's answers.
        String key = Actor.current().map(Actor::subject).orElse("anonymous") + " " + clientKey;
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (PayloadTooLarge e) {
            problem(response, HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large", e.getMessage());
            return;
        }
        String fingerprint = fingerprint(request, body);

        // A request that never finished (the process died mid-way) must not block its key for ever.
        jdbc.update("DELETE FROM idempotency_keys WHERE idempotency_key = ? AND status IS NULL "
                + "AND created_at < now() - interval '2 minutes'", key);
        List<Stored> stored = jdbc.query("SELECT fingerprint, status, content_type, location, etag, body "
                        + "FROM idempotency_keys WHERE idempotency_key = ?",
                (rs, n) -> new Stored(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBytes(6)), key);
        if (!stored.isEmpty()) {
            replay(stored.get(0), fingerprint, response);
            return;
        }
        try {
            jdbc.update("INSERT INTO idempotency_keys (idempotency_key, fingerprint) VALUES (?, ?)", key, fingerprint);
        } catch (DuplicateKeyException concurrent) {
            problem(response, HttpStatus.CONFLICT, "Request in progress",
                    "A request with this Idempotency-Key is being processed; retry shortly");
            return;
        }

        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(new CachedBodyRequest(request, body), captured);
        } finally {
            keep(key, captured);
            captured.copyBodyToResponse();
        }
    }

    private void keep(String key, ContentCachingResponseWrapper response) {
        if (response.getStatus() >= 200 && response.getStatus() < 300) {
            jdbc.update("UPDATE idempotency_keys SET status = ?, content_type = ?, location = ?, etag = ?, body = ? "
                            + "WHERE idempotency_key = ?", response.getStatus(), response.getContentType(),
                    response.getHeader(HttpHeaders.LOCATION), response.getHeader(HttpHeaders.ETAG),
                    response.getContentAsByteArray(), key);
        } else {
            jdbc.update("DELETE FROM idempotency_keys WHERE idempotency_key = ?", key);
        }
    }

    private static void replay(Stored stored, String fingerprint, HttpServletResponse response) throws IOException {
        if (!stored.fingerprint().equals(fingerprint)) {
            problem(response, HttpStatus.UNPROCESSABLE_ENTITY, "Idempotency-Key reused",
                    "This Idempotency-Key was used for a different request");
            return;
        }
        if (stored.status() == null) {
            problem(response, HttpStatus.CONFLICT, "Request in progress",
                    "A request with this Idempotency-Key is being processed; retry shortly");
            return;
        }
        response.setStatus(stored.status());
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        if (stored.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, stored.location());
        }
        if (stored.etag() != null) {
            response.setHeader(HttpHeaders.ETAG, stored.etag());
        }
        response.setHeader("Idempotent-Replayed", "true");
        response.getOutputStream().write(stored.body() == null ? new byte[0] : stored.body());
    }

    private static String fingerprint(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((request.getMethod() + " " + request.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8));
            sha.update(String.valueOf(request.getHeader(HttpHeaders.IF_MATCH)).getBytes(StandardCharsets.UTF_8));
            sha.update(body);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void problem(HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        new Problem(status, title, detail, List.of(new Problem.FieldError(HEADER, detail))).writeTo(response, null);
    }

    private record Stored(String fingerprint, Integer status, String contentType, String location, String etag,
                          byte[] body) {
    }

    /** The request with its body already read, so the controller can read it again. */
    private static final class CachedBodyRequest extends jakarta.servlet.http.HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public jakarta.servlet.ServletInputStream getInputStream() {
            var in = new java.io.ByteArrayInputStream(body);
            return new jakarta.servlet.ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(jakarta.servlet.ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
