package org.kronika.local;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * Malformed and malicious requests, built from a valid project and valid tokens so that each one fails for its
 * own reason: broken JSON, wrong types, huge numbers and strings, Unicode edge cases, operator injection, path
 * traversal, oversized bodies, wrong content types, and forged, expired or foreign tokens. Every one must be
 * answered 4xx with problem+json and change nothing.
 */
final class HostileCorpus {

    /** One request: which service, method, path, token (null: none), content type and body (null: none). */
    record Attack(String name, String service, String method, String path, String token, String contentType,
                  String body) {
    }

    static List<Attack> build(String projectId, Map<String, String> tokens, String issuer) throws Exception {
        List<Attack> corpus = new ArrayList<>();
        String recorder = tokens.get("recorder");
        String admin = tokens.get("admin");
        String auditor = tokens.get("auditor");
        String activities = "/api/projects/" + projectId + "/activities/training-delivered";
        String validTraining = """
                {"title":"Training","occurredOn":"2024-03-12","municipality":"Ferizaj","sessions":1,"module":"M",
                 "participants":{"total":10,"bySex":{"female":5,"male":5}}}""";
        String validProject = """
                {"projectId":"hostile-new","organisationId":"kec","organisation":"Kosova Education Center (KEC)","title":"T",
                 "municipalities":["Ferizaj"],"startDate":"2024-01-01","endDate":"2024-12-31"}""";

        // Broken JSON.
        for (String broken : List.of("{", "[", "}", "nul", "{\"title\":}", "{\"title\":\"x\",}", "{'title':'x'}",
                "{\"title\":\"x\"", "\"just a string\"", "42", "[]", "{\"title\":\"\\u00\"}", "{\"title\":\"x\"}}",
                "\u0000", "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}", "{\"title\":NaN}",
                "{\"participants\":{\"total\":1e}}", "\uFEFF{\"title\":", "{\"title\":\"x\" \"occurredOn\":\"2024\"}",
                "{" + "\"k\":1,".repeat(2000) + "}")) {
            corpus.add(new Attack("broken json " + abbreviate(broken), "command", "POST", activities, recorder,
                    "application/json", broken));
        }
        corpus.add(new Attack("broken json register", "command", "POST", "/api/projects", admin, "application/json", "{"));

        // Wrong types, field by field.
        Map<String, List<String>> wrongTypes = Map.of(
                "title", List.of("1", "true", "[]", "{}", "null"),
                "occurredOn", List.of("1", "\"yesterday\"", "\"2024-13-45\"", "\"2024-02-30\"", "[]", "\"\""),
                "municipality", List.of("1", "[]", "{}", "true"),
                "sessions", List.of("\"one\"", "1.5", "[]", "true", "null", "-1"),
                "participants", List.of("1", "\"ten\"", "[]", "true"),
                "module", List.of("1", "[]", "{}", "false"));
        for (var field : wrongTypes.entrySet()) {
            for (String value : field.getValue()) {
                corpus.add(new Attack("wrong type " + field.getKey() + "=" + value, "command", "POST", activities,
                        recorder, "application/json", replace(validTraining, field.getKey(), value)));
            }
        }
        for (String value : List.of("1", "[]", "{}", "\"not-a-date\"", "true")) {
            corpus.add(new Attack("wrong type startDate=" + value, "command", "POST", "/api/projects", admin,
                    "application/json", replace(validProject, "startDate", value)));
            corpus.add(new Attack("wrong type municipalities=" + value, "command", "POST", "/api/projects", admin,
                    "application/json", replace(validProject, "municipalities", value)));
        }

        // Huge, negative and fractional numbers.
        for (String total : List.of("99999999999999999999", "1e30", "-1", "2147483648", "-2147483649", "10.5",
                "1e-9", "0x10", "Infinity", "-0.0001", "10000001")) {
            corpus.add(new Attack("number total=" + total, "command", "POST", activities, recorder, "application/json",
                    validTraining.replace("\"total\":10", "\"total\":" + total)));
        }
        for (String female : List.of("11", "99999999999", "-5")) {
            corpus.add(new Attack("breakdown female=" + female, "command", "POST", activities, recorder,
                    "application/json", validTraining.replace("\"female\":5", "\"female\":" + female)));
        }

        // Huge strings (under the size limit, over every field limit).
        for (int length : List.of(501, 600, 5_000, 100_000, 250_000)) {
            corpus.add(new Attack("title of " + length + " characters", "command", "POST", activities, recorder,
                    "application/json", replace(validTraining, "title", "\"" + "x".repeat(length) + "\"")));
        }
        corpus.add(new Attack("projectId of 65 characters", "command", "POST", "/api/projects", admin,
                "application/json", replace(validProject, "projectId", "\"" + "p".repeat(65) + "\"")));

        // Unicode edge cases where an exact name or id is required.
        // (Accents and combining marks are folded on purpose, "Fushe Kosove" is Fushë Kosovë, and so are characters
        // that show as nothing when a name is pasted, a zero-width space, a soft hyphen or a word joiner: each is
        // stored under the programme's own name, docs/vocabulary.md section 5. Not listed here.)
        for (String municipality : List.of("Ferizaj\u202E", "Ferіzaj", "\uD800", "Ferizaj\u0000",
                "😀", "\u202EjazireF", "ＦＥＲＩＺＡＪ", " ", "\t")) {
            corpus.add(new Attack("unicode municipality " + escape(municipality), "command", "POST", activities,
                    recorder, "application/json",
                    replace(validTraining, "municipality", "\"" + escapeJson(municipality) + "\"")));
        }
        for (String id : List.of("é", "p\u0000", "😀", "p\u202E", "p p", "p/q", "p\\q", "..", ".hidden", "-x")) {
            corpus.add(new Attack("unicode or unsafe projectId " + escape(id), "command", "POST", "/api/projects",
                    admin, "application/json", replace(validProject, "projectId", "\"" + escapeJson(id) + "\"")));
        }

        // Unpaired UTF-16 surrogates, escaped as JSON allows: valid JSON, but text with no UTF-8 form, so no copy of
        // the event could match its hash. Refused in any field, member names included.
        for (String lone : List.of("\\ud800", "\\udfff", "Training \\udbff", "\\udc00\\ud83d")) {
            String text = "\"" + lone + "\"";
            corpus.add(new Attack("unpaired surrogate " + lone + " in title", "command", "POST", activities, recorder,
                    "application/json", replace(validTraining, "title", text)));
            corpus.add(new Attack("unpaired surrogate " + lone + " in module", "command", "POST", activities, recorder,
                    "application/json", replace(validTraining, "module", text)));
            corpus.add(new Attack("unpaired surrogate " + lone + " in activityId", "command", "POST", activities,
                    recorder, "application/json", validTraining.replace("{\"title\"", "{\"activityId\":" + text
                    + ",\"title\"")));
            corpus.add(new Attack("unpaired surrogate " + lone + " as a breakdown key", "command", "POST", activities,
                    recorder, "application/json", validTraining.replace("\"female\"", text)));
            corpus.add(new Attack("unpaired surrogate " + lone + " as a member name", "command", "POST", activities,
                    recorder, "application/json", validTraining.replace("{\"title\"", "{" + text + ":1,\"title\"")));
            corpus.add(new Attack("unpaired surrogate " + lone + " in a project title", "command", "POST",
                    "/api/projects", admin, "application/json", replace(validProject, "title", text)));
            corpus.add(new Attack("unpaired surrogate " + lone + " in an organisation", "command", "POST",
                    "/api/projects", admin, "application/json", replace(validProject, "organisation", text)));
            corpus.add(new Attack("unpaired surrogate " + lone + " in municipalities", "command", "POST",
                    "/api/projects", admin, "application/json", replace(validProject, "municipalities", "[" + text + "]")));
        }

        // Operator injection in ids, bodies and filters.
        for (String operator : List.of("{\"$gt\":\"\"}", "{\"$ne\":null}", "{\"$where\":\"sleep(1000)\"}",
                "{\"$regex\":\".*\"}", "[\"$in\"]", "{\"$exists\":true}")) {
            corpus.add(new Attack("operator in projectId " + operator, "command", "POST", "/api/projects", admin,
                    "application/json", replace(validProject, "projectId", operator)));
            corpus.add(new Attack("operator in municipality " + operator, "command", "POST", activities, recorder,
                    "application/json", replace(validTraining, "municipality", operator)));
            corpus.add(new Attack("operator in activityId " + operator, "command", "POST", activities, recorder,
                    "application/json", validTraining.replace("{\"title\"", "{\"activityId\":" + operator + ",\"title\"")));
        }
        corpus.add(new Attack("unknown field $where", "command", "POST", activities, recorder, "application/json",
                validTraining.replace("{\"title\"", "{\"$where\":\"1\",\"title\"")));
        corpus.add(new Attack("projectId in body", "command", "POST", activities, recorder, "application/json",
                validTraining.replace("{\"title\"", "{\"projectId\":\"other\",\"title\"")));
        for (String path : List.of("/api/projects/%7B%22%24gt%22%3A%22%22%7D", "/api/projects/%24gt",
                "/api/projects?organisationId[$ne]=x", "/api/projects?filter=%7B%22%24where%22%3A1%7D",
                "/api/projects/" + projectId + "?asOf[$gt]=", "/api/projects/%7B%7D/history",
                "/api/projects/" + projectId + "/history?actor[$ne]=x", "/api/projects/.*")) {
            corpus.add(new Attack("operator in query path " + path, "query", "GET", path, auditor, null, null));
        }

        // A parameter that cannot be decoded: Tomcat leaves it out, which answered as if it had not been asked.
        for (String path : List.of("/api/projects?status=%zz", "/api/projects?q=%C3%28", "/api/projects?size=5&page=%2",
                "/api/projects/" + projectId + "/history?limit=%G1", "/api/projects?=active")) {
            corpus.add(new Attack("undecodable parameter " + path, "query", "GET", path, auditor, null, null));
        }
        corpus.add(new Attack("undecodable parameter", "command", "GET", "/api/checkpoints/history?page=%zz", auditor,
                null, null));

        // Path traversal.
        for (String path : List.of("/api/projects/../../actuator/env", "/api/projects/%2e%2e/%2e%2e/actuator/env",
                "/api/projects/..%2f..%2factuator", "/api/projects/%2e%2e%2factuator", "/api/projects/..;/actuator",
                "/api/projects//history", "/api/projects/%00", "/api/projects/a%00b", "/api/projects/..%5c..%5c",
                "/api/projects/" + projectId + "/../../../etc/passwd", "/api/./projects", "/api/projects/%252e%252e",
                "/actuator/env", "/actuator/heapdump", "/actuator/loggers")) {
            corpus.add(new Attack("traversal " + path, "query", "GET", path, auditor, null, null));
            corpus.add(new Attack("traversal " + path, "command", "GET", path, admin, null, null));
        }

        // Oversized bodies.
        for (int size : List.of(262_145, 300_000, 1_000_000, 5_000_000)) {
            corpus.add(new Attack("body of " + size + " bytes", "command", "POST", activities, recorder,
                    "application/json", "{\"title\":\"" + "x".repeat(size) + "\"}"));
        }

        // Wrong content types.
        for (String type : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/octet-stream", "text/html", "image/png",
                "application/json-patch+json", "application/yaml")) {
            corpus.add(new Attack("content type " + type, "command", "POST", activities, recorder, type, validTraining));
        }
        corpus.add(new Attack("no content type", "command", "POST", activities, recorder, null, validTraining));

        // Wrong methods.
        for (String method : List.of("PUT", "DELETE", "PATCH")) {
            corpus.add(new Attack(method + " a project", "command", method, "/api/projects/" + projectId, admin,
                    "application/json", "{}"));
            corpus.add(new Attack(method + " a read model", "query", method, "/api/projects/" + projectId, auditor,
                    "application/json", "{}"));
        }

        // Tokens: forged, expired, foreign, malformed, or of a role that may not.
        RSAKey forger = new RSAKeyGenerator(2048).keyID("forged").generate();
        for (var claims : List.of(
                claims(issuer, "kronika", "recorder", "kec", Instant.now().plusSeconds(600)),
                claims(issuer, "kronika", "admin", null, Instant.now().plusSeconds(600)))) {
            corpus.add(new Attack("forged token " + claims.getClaim("role"), "command", "POST", activities,
                    sign(forger, claims), "application/json", validTraining));
        }
        for (String token : List.of("", "garbage", "a.b.c", "Bearer", recorder + "x",
                recorder.substring(0, recorder.length() - 10), unsigned(recorder), "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")) {
            corpus.add(new Attack("malformed token " + abbreviate(token), "command", "POST", activities, token,
                    "application/json", validTraining));
            corpus.add(new Attack("malformed token " + abbreviate(token), "query", "GET", "/api/projects", token, null,
                    null));
        }
        for (String wrongRoleToken : List.of(auditor, tokens.get("partner"), tokens.get("officer"), admin,
                tokens.get("otherRecorder"))) {
            corpus.add(new Attack("token of a role that may not record", "command", "POST", activities, wrongRoleToken,
                    "application/json", validTraining));
        }
        corpus.add(new Attack("recorder registering a project", "command", "POST", "/api/projects", recorder,
                "application/json", validProject));
        corpus.add(new Attack("other recorder reading the history", "query", "GET",
                "/api/projects/" + projectId + "/history", tokens.get("otherRecorder"), null, null));
        corpus.add(new Attack("partner reading the history", "query", "GET", "/api/projects/" + projectId + "/history",
                tokens.get("partner"), null, null));
        return corpus;
    }

    /** Expired, foreign-audience and foreign-issuer tokens need the real signing key: see the callers. */
    static JWTClaimsSet claims(String issuer, String audience, String role, String organisation, Instant expiry) {
        var builder = new JWTClaimsSet.Builder().subject("hostile").issuer(issuer).audience(audience)
                .claim("role", role).issueTime(Date.from(expiry.minusSeconds(1200))).expirationTime(Date.from(expiry));
        if (organisation != null) {
            builder.claim("organisation", organisation);
        }
        return builder.build();
    }

    static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String unsigned(String token) {
        return token.substring(0, token.lastIndexOf('.') + 1);
    }

    private static String replace(String json, String field, String value) {
        return json.replaceFirst("\"" + field + "\":(\"[^\"]*\"|\\[[^\\]]*\\]|\\{[^}]*\\}|[^,}]+)",
                java.util.regex.Matcher.quoteReplacement("\"" + field + "\":" + value));
    }

    /** Control characters and unpaired surrogates as JSON escapes: neither may stand raw in a JSON body's UTF-8. */
    private static String escapeJson(String text) {
        StringBuilder out = new StringBuilder();
        // codePoints() gives a pair as one code point and a lone surrogate as its own value.
        text.codePoints().forEach(c -> out.append(c < 0x20 || c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE
                ? String.format("\\u%04x", c) : Character.toString(c)));
        return out.toString();
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.append(c < 0x20 || c > 0x7E ? String.format("U+%04X", c)
                : String.valueOf((char) c)));
        return out.toString();
    }

    private static String abbreviate(String text) {
        String shown = escape(text);
        return shown.length() > 40 ? shown.substring(0, 40) + "..." : shown;
    }
}
