package org.kronika.command.web;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kronika.command.config.JsonErrors;
import org.kronika.events.chain.Utf16;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a body holding text that is not well-formed Unicode. JSON can carry half of a surrogate pair
 * (an escaped U+D800), which has no UTF-8 form: the event's hash and every stored or exported copy of it would
 * disagree (docs/audit/hash-chain.md). The body is checked as sent, before it is bound to any request type, so
 * every string is covered, member names too, whatever field a command adds later.
 */
@RestControllerAdvice
class WellFormedText extends RequestBodyAdviceAdapter {

    private final JsonFactory json;

    WellFormedText(ObjectMapper json) {
        this.json = json.getFactory();
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
                            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
                                           Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        requireUtf8(input.getHeaders().getContentType());
        byte[] body = input.getBody().readAllBytes();
        refuseUnpairedSurrogates(body);
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return input.getHeaders();
            }
        };
    }

    /**
     * JSON exchanged between systems is UTF-8 (RFC 8259, section 8.1). A body declared in another charset would be
     * decoded by it: UTF-8 sent as ISO-8859-1, the usual mistake, turns "për" into "pÃ«r", which would then be
     * stored for good. Without a charset, the body is read as UTF-8.
     */
    private static void requireUtf8(MediaType type) {
        if (type == null || type.getParameter("charset") == null) {
            return;
        }
        String charset = type.getParameter("charset");
        boolean utf8;
        try {
            utf8 = StandardCharsets.UTF_8.equals(type.getCharset());
        } catch (IllegalArgumentException unknown) {
            utf8 = false;
        }
        if (!utf8) {
            throw new NotUtf8(charset.replaceAll("[^\\x21-\\x7E]", "?"));
        }
    }

    /** A body declared in a charset other than UTF-8; answered 415 naming {@code Content-Type}. */
    static final class NotUtf8 extends RuntimeException {
        NotUtf8(String charset) {
            super("names charset " + charset + ", but JSON is UTF-8 (send application/json without a charset, or "
                    + "with charset=UTF-8)");
        }
    }

    private void refuseUnpairedSurrogates(byte[] body) throws IOException {
        try (JsonParser parser = json.createParser(body)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token != JsonToken.FIELD_NAME && token != JsonToken.VALUE_STRING) {
                    continue;
                }
                String problem = Utf16.problem(parser.getText());
                if (problem == null) {
                    continue;
                }
                if (token == JsonToken.VALUE_STRING) {
                    throw new InvalidRequest(JsonErrors.fieldAt(parser.getParsingContext()), problem);
                }
                // The name itself cannot be written back; the object holding it can.
                String object = JsonErrors.fieldAt(parser.getParsingContext().getParent());
                throw new InvalidRequest(object == null ? "body" : object, "has a member name that " + problem);
            }
        } catch (JsonProcessingException notJson) {
            // Broken JSON is answered by the body's reader, as it always is.
        }
    }
}
