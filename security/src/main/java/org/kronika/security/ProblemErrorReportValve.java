package org.kronika.security;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Errors Tomcat answers itself, before any application code runs (a NUL byte or an encoded slash in the path,
 * an illegal character in the query), as problem+json instead of Tomcat's HTML page, like every other answer; to a
 * browser asking for a dashboard's page, as a page in its reader's language ({@link RefusedAddressPage}).
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        boolean page = RefusedAddressPage.wanted(request);
        String answer = page ? RefusedAddressPage.html(request)
                : problem(status).toJson(shownAddress(request.getRequestURI()));
        try {
            response.setContentType(page ? RefusedAddressPage.MEDIA_TYPE : Problem.MEDIA_TYPE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(answer);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The connection is gone or the answer already started: nothing more can be said.
        }
    }

    static Problem problem(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        if (known == HttpStatus.BAD_REQUEST) {
            // As the firewall's own refusals are titled (StrictRequests.rejectedAsProblem): to a client, the same.
            // Tomcat answers address faults here (an encoded slash or a NUL in the path, a character a query may
            // not hold), and some of a request's head (a Host header missing): which, it does not say.
            return Problem.of(HttpStatus.BAD_REQUEST, REJECTED, "The request was refused by the server before it "
                    + "reached the API: its address or headers are not what HTTP or the server takes (an encoded "
                    + "slash or a NUL in the path, say)");
        }
        String title = known == null ? null : known.getReasonPhrase();
        // A fault of the server's own (an error escaping the API before it answered) was called a refusal too.
        String detail = known != null && known.is5xxServerError()
                ? "The server failed while answering the request; it may be sent again later"
                : "The request was refused before it reached the API";
        return new Problem(known == null ? HttpStatus.BAD_REQUEST : known, title == null ? "Error" : title, detail,
                java.util.List.of());
    }

    static final String REJECTED = "Request rejected";

    /**
     * The address as the problem's {@code instance}, as every other refusal names it: printable ASCII only (what it
     * was refused for may be a control character), and cut at 200 characters.
     */
    static String shownAddress(String uri) {
        if (uri == null) {
            return null;
        }
        String printable = uri.replaceAll("[^\\x21-\\x7E]", "?");
        return printable.length() > 200 ? printable.substring(0, 200) + "..." : printable;
    }
}
