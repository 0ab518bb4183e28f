package org.kronika.query.iati;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.Map;

/**
 * What an IATI file needs that the events do not hold: who publishes it, the programme's sector and language, and
 * where its documents are served. The defaults describe an example donor and must be set by a real publisher
 * (docs/iati.md).
 *
 * @param reportingOrg        the organisation that publishes the files, also named as the funding organisation
 * @param sector              the programme's OECD DAC CRS purpose code (5 digits, IATI Sector codelist)
 * @param language            the language of the texts (IATI Language codelist), the file's default
 * @param documentBaseUrl     where documents recorded by archive number or file name are served; a document
 *                            recorded with an http(s) URL keeps its own
 * @param implementingOrgType IATI OrganisationType of the projects' organisations (24: partner country based NGO)
 * @param organisationRefs    IATI organisation identifiers of the projects' organisations, by organisation id;
 *                            an organisation without one is named without a ref
 * @param minimumCount        the fewest participants a category of sex or age band may show in a period; fewer
 *                            join {@code unspecified} (files are public, and a count of one or two in a small
 *                            place can single people out); 1 publishes every count as it is
 */
@ConfigurationProperties(prefix = "kronika.iati")
public record IatiProperties(
        @DefaultValue Organisation reportingOrg,
        @DefaultValue(SECTOR) String sector,
        @DefaultValue(LANGUAGE) String language,
        @DefaultValue(DOCUMENT_BASE_URL) String documentBaseUrl,
        @DefaultValue(IMPLEMENTING_ORG_TYPE) String implementingOrgType,
        Map<String, String> organisationRefs,
        @DefaultValue(MINIMUM_COUNT) int minimumCount) {

    static final String SECTOR = "15150";
    static final String LANGUAGE = "en";
    static final String DOCUMENT_BASE_URL = "https://example.org/kronika/documents/";
    static final String IMPLEMENTING_ORG_TYPE = "24";
    static final String MINIMUM_COUNT = "5";

    /**
     * @param ref  IATI organisation identifier: a registration agency's code, a hyphen, the agency's number
     * @param type IATI OrganisationType code (10: government)
     */
    public record Organisation(
            @DefaultValue(REF) String ref,
            @DefaultValue(NAME) String name,
            @DefaultValue(TYPE) String type) {

        static final String REF = "XM-DAC-EXAMPLE-DONOR";
        static final String NAME = "Example donor (an example: set kronika.iati.reporting-org.*)";
        static final String TYPE = "10";
    }

    public IatiProperties {
        organisationRefs = organisationRefs == null ? Map.of() : Map.copyOf(organisationRefs);
    }

    /** The defaults, as a service without any {@code kronika.iati.*} setting has them. */
    public static IatiProperties defaults() {
        return new IatiProperties(new Organisation(Organisation.REF, Organisation.NAME, Organisation.TYPE), SECTOR,
                LANGUAGE, DOCUMENT_BASE_URL, IMPLEMENTING_ORG_TYPE, Map.of(), Integer.parseInt(MINIMUM_COUNT));
    }

    /** The same settings with another minimum count. */
    public IatiProperties withMinimumCount(int count) {
        return new IatiProperties(reportingOrg, sector, language, documentBaseUrl, implementingOrgType,
                organisationRefs, count);
    }

    /**
     * Fails at start rather than publish a file with a code IATI does not know.
     *
     * @throws IllegalArgumentException naming the setting at fault
     */
    public IatiProperties checkedAgainst(Codelists codelists) {
        organisation(codelists, "kronika.iati.reporting-org.ref", reportingOrg.ref());
        codelists.require("OrganisationType", reportingOrg.type(), "kronika.iati.reporting-org.type");
        codelists.require("Sector", sector, "kronika.iati.sector");
        codelists.require("Language", language, "kronika.iati.language");
        codelists.require("OrganisationType", implementingOrgType, "kronika.iati.implementing-org-type");
        organisationRefs.forEach((organisation, ref) ->
                organisation(codelists, "kronika.iati.organisation-refs." + organisation, ref));
        // Half set, a public file names a real publisher as "Example donor", or the example's identifier under a
        // real publisher's name: either both are the example's (the demo), or neither is.
        if (reportingOrg.ref().equals(Organisation.REF) != reportingOrg.name().equals(Organisation.NAME)) {
            String left = reportingOrg.ref().equals(Organisation.REF) ? "ref" : "name";
            throw new IllegalArgumentException("kronika.iati.reporting-org." + left + " is still the example's while "
                    + "the organisation's other settings are not: set the reporting organisation's ref and name "
                    + "together");
        }
        if (minimumCount < 1) {
            throw new IllegalArgumentException("kronika.iati.minimum-count must be at least 1 (1 publishes every "
                    + "count as it is)");
        }
        if (!documentBaseUrl.matches("https?://.+/")) {
            throw new IllegalArgumentException("kronika.iati.document-base-url must be an http(s) URL ending in /");
        }
        return this;
    }

    private static void organisation(Codelists codelists, String setting, String ref) {
        if (ref == null || codelists.registrationAgency(ref).isEmpty()) {
            throw new IllegalArgumentException(setting + " '" + ref + "' does not start with the code of an IATI "
                    + "organisation registration agency (e.g. XM-DAC-41114)");
        }
    }
}
