package org.kronika.command.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kronika.security.Actor;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.kronika.security.Problem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} on commands: checks the key and tells {@link IdempotentCommands} which caller's key
 * this is and which request it came with. The answer itself is kept, and looked up, in the command's own
 * transaction, so a retry gets the first answer whenever that command's events are stored, and runs again
 * whenever they are not.
 */
@Component
// After authentication: a stored answer is only ever replayed to a caller who may send the request again.
@Order(SecurityProperties.DEFAULT_FILTER_ORDER + 10)
public class IdempotencyKeys extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final String ATTRIBUTE = IdempotencyKeys.class.getName();
    private static final int KEY_LENGTH = 200;
    private static final Pattern VALID_KEY = Pattern.compile("^[\\x21-\\x7E]{1," + KEY_LENGTH + "}$");
    /** The stored key's column, idempotency_keys.idempotency_key (V3__idempotency_keys_per_caller.sql). */
    private static final int STORED_LENGTH = 400;

    /**
     * @param key         the caller's subject and the key it sent ({@link #stored}): one client can neither collide
     *                    with nor replay another's answers
     * @param fingerprint method, path, {@code If-Match} and body: the same key with another request is refused
     */
    record KeyedRequest(String key, String fingerprint) {
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
            refuse(request, response, "must be 1-200 visible ASCII characters");
            return;
        }
        Optional<String> subject = Actor.current().map(Actor::subject).filter(named -> !named.isBlank());
        if (subject.isEmpty()) {
            // Refused rather than run without the key: the client counts on a retry not running twice. The token
            // validation already requires a subject; this holds should that ever change.
            refuse(request, response, "is kept per caller, and this token names none (no sub)");
            return;
        }
        String key = stored(subject.get(), clientKey);
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (PayloadTooLarge e) {
            Problem.of(HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large", e.getMessage())
                    .writeTo(response, request.getRequestURI());
            return;
        }
        request.setAttribute(ATTRIBUTE, new KeyedRequest(key, fingerprint(request, body)));
        chain.doFilter(new CachedBodyRequest(request, body), response);
    }

    /** The key of the request being handled on this thread, if it came with one. */
    static Optional<KeyedRequest> current() {
        return Optional.ofNullable(RequestContextHolder.getRequestAttributes())
                .map(attributes -> attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST))
                .filter(KeyedRequest.class::isInstance).map(KeyedRequest.class::cast);
    }

    /** Marks the answer being written on this thread as the first one given again; the body is not written yet. */
    static void markReplayed() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet
                && servlet.getResponse() != null) {
            servlet.getResponse().setHeader(REPLAYED_HEADER, "true");
        }
    }

    /**
     * The caller's key as kept: the subject and the key, as they are wherever the two fit in the column, which is
     * for every subject of up to 199 characters and so for every key kept so far; a longer subject, which a token
     * may carry, as its SHA-256. The first form always holds a space and the second never does (a key has none), so
     * no caller's key is ever taken for another's.
     */
    static String stored(String subject, String clientKey) {
        if (subject.length() + 1 + KEY_LENGTH <= STORED_LENGTH) {
            return subject + " " + clientKey;
        }
        return "sha256:" + sha256(subject.getBytes(StandardCharsets.UTF_8)) + ":" + clientKey;
    }

    private static String fingerprint(HttpServletRequest request, byte[] body) {
        return sha256((request.getMethod() + " " + request.getRequestURI() + "\n").getBytes(StandardCharsets.UTF_8),
                String.valueOf(request.getHeader(HttpHeaders.IF_MATCH)).getBytes(StandardCharsets.UTF_8), body);
    }

    private static String sha256(byte[]... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                sha.update(part);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Refused as If-Match or a body member at fault is, and, as every refusal, naming the request's path. */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, String message)
            throws IOException {
        Problem.ofField(HttpStatus.BAD_REQUEST, Problem.INVALID_REQUEST, HEADER, message)
                .writeTo(response, request.getRequestURI());
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
