package org.kronika.local.faults;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Every command a client sent, by the id it travels with (its Idempotency-Key and correlation id), and its answer. */
public final class Ledger {

    public enum Outcome {
        /** Not answered yet. */
        PENDING,
        /** Answered 2xx: the client was told it is recorded. */
        ACKNOWLEDGED,
        /** Answered 4xx for good (e.g. 412): the client was told it is not recorded. */
        REFUSED,
        /** No answer, a 5xx, or a 409 to retry: the client does not know, and sends it again. */
        UNANSWERED
    }

    public static final class Command {
        private final String id;
        private final String projectId;
        private final int participants;
        private volatile Outcome outcome = Outcome.PENDING;
        private volatile int status;
        private volatile int attempts;
        private volatile String ifMatch;

        Command(String id, String projectId, int participants) {
            this.id = id;
            this.projectId = projectId;
            this.participants = participants;
        }

        public String id() {
            return id;
        }

        public String projectId() {
            return projectId;
        }

        public int participants() {
            return participants;
        }

        public Outcome outcome() {
            return outcome;
        }

        public int status() {
            return status;
        }

        public int attempts() {
            return attempts;
        }

        /** The If-Match it was first sent with: a retry must be the same request. */
        public String ifMatch() {
            return ifMatch;
        }

        void sentWith(String ifMatch) {
            if (attempts == 0) {
                this.ifMatch = ifMatch;
            }
        }

        void answered(Outcome outcome, int status) {
            this.outcome = outcome;
            this.status = status;
            this.attempts++;
        }
    }

    private final Map<String, Command> commands = new ConcurrentHashMap<>();

    Command add(String id, String projectId, int participants) {
        Command command = new Command(id, projectId, participants);
        commands.put(id, command);
        return command;
    }

    public Command get(String id) {
        return commands.get(id);
    }

    public Collection<Command> all() {
        return commands.values();
    }

    public List<Command> with(Outcome outcome) {
        return commands.values().stream().filter(c -> c.outcome() == outcome).toList();
    }

    public long count(Outcome outcome) {
        return commands.values().stream().filter(c -> c.outcome() == outcome).count();
    }

    /** Merges another ledger in: the run's reconciliation covers the commands of every fault. */
    public void addAll(Ledger other) {
        commands.putAll(other.commands);
    }
}
