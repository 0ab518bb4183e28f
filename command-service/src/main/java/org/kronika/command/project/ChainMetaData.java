package org.kronika.command.project;

/**
 * Metadata keys of every event's link in its project's hash chain (docs/audit/hash-chain.md). Published with
 * the event, so that every copy can be checked.
 */
public final class ChainMetaData {

    /** When the event was recorded, exactly as hashed and published ({@code ce_time}). */
    public static final String RECORDED_AT = "recordedAt";
    public static final String PREV_HASH = "prevHash";
    public static final String HASH = "hash";

    private ChainMetaData() {
    }
}
