package org.kronika.query.portfolio;

/**
 * Whose figures an aggregate adds up: the whole programme or one municipality of it, for every organisation or
 * for one (what that organisation's recorders may see).
 *
 * @param municipality {@code null} for the whole programme
 * @param organisation {@code null} for every organisation
 */
public record Scope(String municipality, String organisation) {

    public static Scope programme(String organisation) {
        return new Scope(null, organisation);
    }

    public static Scope municipality(String municipality, String organisation) {
        return new Scope(municipality, organisation);
    }

    /** The aggregate's document id, e.g. {@code programme}, {@code municipality:Ferizaj|organisation:kec}. */
    public String id() {
        String where = municipality == null ? "programme" : "municipality:" + municipality;
        return organisation == null ? where : where + "|organisation:" + organisation;
    }
}
