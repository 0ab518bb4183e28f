package org.kronika.query.iati;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The IATI 2.03 codelists Kronika's files draw their codes from, as published by IATI and shipped unchanged beside
 * this class (their source is in the README there). Withdrawn codes are left out: a file must not use them.
 */
public final class Codelists {

    public static final List<String> NAMES = List.of("ActivityDateType", "ActivityStatus", "Country",
            "DescriptionType", "DocumentCategory", "FileFormat", "GeographicLocationClass", "GeographicVocabulary",
            "IndicatorMeasure", "Language", "LocationType", "OrganisationRegistrationAgency", "OrganisationRole",
            "OrganisationType", "ResultType", "Sector", "SectorVocabulary");

    /** Per codelist, its active codes with their English names. */
    private final Map<String, Map<String, String>> lists;

    private Codelists(Map<String, Map<String, String>> lists) {
        this.lists = lists;
    }

    public static Codelists bundled() {
        Map<String, Map<String, String>> lists = new LinkedHashMap<>();
        for (String name : NAMES) {
            lists.put(name, read(name));
        }
        return new Codelists(lists);
    }

    public boolean contains(String list, String code) {
        return codes(list).containsKey(code);
    }

    /** The code's English name, as the codelist gives it. */
    public Optional<String> name(String list, String code) {
        return Optional.ofNullable(codes(list).get(code));
    }

    /** @throws IllegalArgumentException naming {@code what} when the code is not an active code of the list */
    public String require(String list, String code, String what) {
        if (!contains(list, code)) {
            throw new IllegalArgumentException(what + " '" + code + "' is not an active code of the IATI "
                    + list + " codelist");
        }
        return code;
    }

    /**
     * The registration agency an organisation identifier starts with, e.g. {@code XM-DAC} for
     * {@code XM-DAC-41114}: IATI organisation identifiers are an agency's code, a hyphen, then the agency's number.
     */
    public Optional<String> registrationAgency(String organisationRef) {
        return codes("OrganisationRegistrationAgency").keySet().stream()
                .filter(agency -> organisationRef.startsWith(agency + "-")
                        && organisationRef.length() > agency.length() + 1)
                .max(java.util.Comparator.comparingInt(String::length));
    }

    private Map<String, String> codes(String list) {
        Map<String, String> codes = lists.get(list);
        if (codes == null) {
            throw new IllegalArgumentException("No codelist " + list + " is shipped");
        }
        return codes;
    }

    private static Map<String, String> read(String name) {
        try (InputStream in = Codelists.class.getResourceAsStream("codelists/" + name + ".xml")) {
            if (in == null) {
                throw new IllegalStateException("Codelist " + name + " is missing from the query service");
            }
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList items = factory.newDocumentBuilder().parse(in).getElementsByTagName("codelist-item");
            Map<String, String> codes = new LinkedHashMap<>();
            for (int i = 0; i < items.getLength(); i++) {
                Element item = (Element) items.item(i);
                if (item.getAttribute("status").equals("withdrawn")) {
                    continue;
                }
                codes.put(text(item, "code"), englishName(item));
            }
            return codes;
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the IATI codelist " + name, e);
        }
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent().strip();
    }

    /** The first narrative of the item's name without a language of its own: the codelists' default is English. */
    private static String englishName(Element item) {
        NodeList names = item.getElementsByTagName("name");
        if (names.getLength() == 0) {
            return null;
        }
        NodeList narratives = ((Element) names.item(0)).getElementsByTagName("narrative");
        for (int i = 0; i < narratives.getLength(); i++) {
            Element narrative = (Element) narratives.item(i);
            if (!narrative.hasAttributeNS(XMLConstants.XML_NS_URI, "lang")) {
                return narrative.getTextContent().strip();
            }
        }
        return null;
    }
}
