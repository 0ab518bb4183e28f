package org.kronika.verifier;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The verifier's command line: its options, each taking a value, the checks they ask for, and which options go
 * together. A command line the verifier cannot run as written is a usage error ({@link Misused}), never a check run
 * without what it asked for.
 */
final class CommandLine {

    /** Every option takes a value, the next argument. */
    private static final Set<String> OPTIONS = Set.of("--file", "--kafka", "--topic", "--project", "--checkpoint",
            "--keys", "--prove", "--sequence", "--check-proof", "--report", "--clock-skew", "--time-zone",
            "--kafka-timeout", "--not-before");
    static final String USAGE = """
            usage: --file EXPORT.jsonl [--project ID] [--time-zone ZONE]
                   --file EXPORT.jsonl --project ID --checkpoint CHECKPOINT.jws --keys JWKS.json [--clock-skew PT5M]
                           [--time-zone ZONE]
                   --kafka BOOTSTRAP [--topic TOPIC] [--project ID] [--checkpoint CHECKPOINT.jws --keys JWKS.json]
                           [--clock-skew PT5M] [--time-zone ZONE] [--kafka-timeout PT30S]
                   --report PERIOD-REPORT.json --file EXPORT.jsonl [--checkpoint CHECKPOINT.jws --keys JWKS.json
                           [--clock-skew PT5M]]
                   --checkpoint CHECKPOINT.jws --keys JWKS.json [--prove ID [--file EXPORT.jsonl --sequence N]]
                   --checkpoint CHECKPOINT.jws --keys JWKS.json --check-proof PROOF.json
                   wherever --checkpoint is: [--not-before 2026-12-01T00:00:00Z] (refuse a checkpoint signed before)""";
    /**
     * The verifier's checks, each named by the option that asks for it, with the options it needs and those it can
     * take besides; the first whose option is given is the one run. Any other option would be left out of it.
     */
    private static final List<Check> CHECKS = List.of(
            new Check("--check-proof", List.of("--checkpoint", "--keys"), Set.of("--not-before")),
            new Check("--prove", List.of("--checkpoint", "--keys"), Set.of("--file", "--sequence", "--not-before")),
            new Check("--report", List.of("--file"), Set.of("--checkpoint", "--keys", "--clock-skew", "--not-before")),
            new Check("--file", List.of(), Set.of("--project", "--checkpoint", "--keys", "--clock-skew",
                    "--time-zone", "--not-before")),
            new Check("--kafka", List.of(), Set.of("--topic", "--project", "--checkpoint", "--keys", "--clock-skew",
                    "--time-zone", "--kafka-timeout", "--not-before")),
            new Check("--checkpoint", List.of("--keys"), Set.of("--not-before")));
    /** What an option names, for a usage error that asks for it. */
    private static final Map<String, String> NAMES = Map.of("--checkpoint", "CHECKPOINT.jws, the signed checkpoint",
            "--keys", "JWKS.json, the keys the checkpoints are signed with", "--file",
            "EXPORT.jsonl, the project's export", "--sequence", "N, the event to prove", "--project",
            "ID, the project the export must hold");

    private CommandLine() {
    }

    /**
     * The options, each with its value. A misspelt option, or {@code --file=x}, would otherwise be passed over, and
     * the check run without what it asked for (a checkpoint, one project) would still say OK.
     */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!OPTIONS.contains(name)) {
                int equals = name.indexOf('=');
                String before = equals < 0 ? "" : name.substring(0, equals);
                throw new Misused(OPTIONS.contains(before) ? before + " takes its value as the next argument: "
                        + before + " " + name.substring(equals + 1) : "unknown option " + name);
            }
            if (i + 1 == args.length || OPTIONS.contains(args[i + 1])) {
                throw new Misused(name + " needs a value");
            }
            if (options.put(name, args[++i]) != null) {
                throw new Misused(name + " is given twice");
            }
        }
        Check check = CHECKS.stream().filter(c -> options.containsKey(c.option())).findFirst().orElseThrow(() ->
                new Misused("nothing to check: give --file, --kafka, --report, --prove, --check-proof or --checkpoint"));
        for (String needed : check.needs()) {
            if (!options.containsKey(needed)) {
                throw new Misused(check.option() + " needs " + needed + " " + NAMES.get(needed));
            }
        }
        for (String given : options.keySet()) {
            if (!given.equals(check.option()) && !check.needs().contains(given) && !check.takes().contains(given)) {
                throw new Misused(given + " cannot be given with " + check.option() + ": the check it runs would "
                        + "leave it out");
            }
        }
        // Options used only together: one without the other would be passed over.
        together(options, "--checkpoint", "--keys");
        if (options.containsKey("--clock-skew")) {
            // It widens the grace of what a checkpoint leaves out and, on the topic, of a period of the programme's
            // calendar missing from a closure: an export holds no calendar, so beside one (--file, --report) it is a
            // checkpoint's alone.
            if (!options.containsKey("--checkpoint") && !check.option().equals("--kafka")) {
                throw new Misused("--clock-skew needs --checkpoint CHECKPOINT.jws beside " + check.option() + ": it "
                        + "widens the check of what a checkpoint leaves out, and on the topic (--kafka) that of a "
                        + "closure against the programme's calendar, which an export does not hold");
            }
            clockSkew(options.get("--clock-skew"));
        }
        if (options.containsKey("--time-zone")) {
            timeZone(options.get("--time-zone"));
        }
        if (options.containsKey("--kafka-timeout")) {
            kafkaTimeout(options.get("--kafka-timeout"));
        }
        if (options.containsKey("--not-before")) {
            if (!options.containsKey("--checkpoint")) {
                throw new Misused("--not-before needs --checkpoint " + NAMES.get("--checkpoint") + ": it is the "
                        + "earliest signing time that checkpoint may have");
            }
            notBefore(options.get("--not-before"));
        }
        if (check.option().equals("--prove")) {
            together(options, "--sequence", "--file");
            if (options.containsKey("--sequence")) {
                sequence(options.get("--sequence"));
            }
        }
        if (check.option().equals("--file") && options.containsKey("--checkpoint") && !options.containsKey("--project")) {
            // Taken from the file, a project rewritten under a look-alike id (a Cyrillic 'а' for 'a'), its events
            // dated after the checkpoint, would be one the checkpoint does not sign, recorded since, and pass.
            throw new Misused("--file with --checkpoint needs --project " + NAMES.get("--project") + ": the file names "
                    + "its own project, so only you can say which project it must be");
        }
        return options;
    }

    /** An event's sequence as the export gives it: a whole number, 0 or more, without a sign. */
    static long sequence(String value) {
        if (value == null || !value.matches("[0-9]{1,18}")) {
            throw new Misused("--sequence takes the sequence of the project's event to prove from, a whole number "
                    + "such as 12, not " + value);
        }
        return Long.parseLong(value);
    }

    /** An ISO-8601 duration, not negative, e.g. {@code PT5M}. */
    static java.time.Duration clockSkew(String value) {
        java.time.Duration skew = duration("--clock-skew", value, "PT5M");
        if (skew.isNegative()) {
            throw new Misused("--clock-skew " + value + " is negative");
        }
        return skew;
    }

    /**
     * The earliest time a checkpoint may have been signed: that of the latest one the auditor holds from a source the
     * database cannot roll back (their last audit, the checkpoints topic). A writer of the database can delete the
     * checkpoints signed since an older one and cut the events they signed; against the older one, the rest of the
     * history passes as recorded since.
     */
    static java.time.Instant notBefore(String value) {
        try {
            return java.time.Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new Misused("--not-before takes an ISO-8601 instant in UTC, e.g. 2026-12-01T00:00:00Z, not " + value);
        }
    }

    /** How long Kafka is waited for before it is called unreachable. */
    static final java.time.Duration KAFKA_TIMEOUT = java.time.Duration.ofSeconds(30);

    /**
     * How long to wait for Kafka to answer before calling it unreachable: {@link #KAFKA_TIMEOUT} unless given, longer
     * over a slow link, shorter where an unreachable broker should fail fast. An ISO-8601 duration above zero, a day at
     * most.
     */
    static java.time.Duration kafkaTimeout(String value) {
        if (value == null) {
            return KAFKA_TIMEOUT;
        }
        java.time.Duration timeout = duration("--kafka-timeout", value, "PT30S");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new Misused("--kafka-timeout " + value + " is not above zero");
        }
        if (timeout.compareTo(java.time.Duration.ofDays(1)) > 0) {
            throw new Misused("--kafka-timeout " + value + " is more than a day");
        }
        return timeout;
    }

    /** The duration {@code option} was given, or a usage error that shows one such as {@code example}. */
    private static java.time.Duration duration(String option, String value, String example) {
        try {
            return java.time.Duration.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new Misused(option + " takes an ISO-8601 duration, e.g. " + example + ", not " + value);
        }
    }

    /**
     * The programme's time zone, where a deployment's programme file names another than the one shipped with the
     * event contract ({@link ClosingDay#PROGRAMME_ZONE}): an IANA name such as {@code Europe/Tirane}.
     */
    static java.time.ZoneId timeZone(String value) {
        try {
            return java.time.ZoneId.of(value);
        } catch (java.time.DateTimeException e) {
            throw new Misused("--time-zone takes the programme's time zone as the programme file names it, e.g. "
                    + ClosingDay.PROGRAMME_ZONE + ", not " + value);
        }
    }

    private static void together(Map<String, String> options, String one, String other) {
        if (options.containsKey(one) != options.containsKey(other)) {
            String missing = options.containsKey(one) ? other : one;
            throw new Misused((missing.equals(one) ? other : one) + " needs " + missing + " " + NAMES.get(missing));
        }
    }

    /** A check the verifier runs: the option that asks for it, the options it needs, and those it takes besides. */
    private record Check(String option, List<String> needs, Set<String> takes) {
    }

    /** A command line the verifier cannot run as written. */
    static final class Misused extends IllegalArgumentException {
        Misused(String message) {
            super(message);
        }
    }
}
