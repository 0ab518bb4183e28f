package org.kronika.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Sends a request exactly as written, byte for byte: Java's HTTP clients refuse (or repair) the malformed paths
 * and headers a hostile client would send, which is the point of sending them.
 */
final class RawHttp {

    record Response(int status, String contentType, String body) {
    }

    static Response send(String baseUrl, String method, String path, String token, String contentType, String body)
            throws IOException {
        URI base = URI.create(baseUrl);
        byte[] payload = body == null ? new byte[0] : utf8(body);
        StringBuilder head = new StringBuilder();
        head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
        head.append("Connection: close\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        if (body != null) {
            head.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        head.append("\r\n");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(utf8(head.toString()));
            try {
                out.write(payload);
                out.flush();
            } catch (IOException refusedEarly) {
                // The server may answer (413) and close before reading a huge body; its answer is still there.
            }
            return parse(socket.getInputStream());
        }
    }

    /**
     * Text as UTF-8, refusing what has none: String.getBytes would send {@code ?} for an unpaired surrogate, a
     * different request from the one the test names. Send such text as a JSON escape ({@code \\ud800}).
     */
    private static byte[] utf8(String text) throws CharacterCodingException {
        ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .encode(CharBuffer.wrap(text));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        return bytes;
    }

    private static Response parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) > 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (IOException resetAfterAnswer) {
            // A reset after the answer was written, e.g. when the request body was not read.
        }
        String text = all.toString(StandardCharsets.UTF_8);
        int endOfHead = text.indexOf("\r\n\r\n");
        String headers = endOfHead < 0 ? text : text.substring(0, endOfHead);
        String[] lines = headers.split("\r\n");
        int status = lines.length > 0 && lines[0].startsWith("HTTP/") ? Integer.parseInt(lines[0].split(" ")[1]) : -1;
        String contentType = null;
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                contentType = line.substring("content-type:".length()).strip();
            }
        }
        return new Response(status, contentType, endOfHead < 0 ? "" : text.substring(endOfHead + 4));
    }
}
