package org.kronika.query.iati;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads IATI files as a publisher's validator would: against the official 2.03 schema and IATI's codelists. */
public final class IatiFiles {

    private static final Schema SCHEMA = schema();

    /**
     * Where each code of an activity file comes from: an XPath to the attributes holding codes, and the codelist.
     * Every attribute the generator fills with a code is here.
     */
    public static final Map<String, String> CODES = codes();

    private IatiFiles() {
    }

    private static Schema schema() {
        try {
            return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                    .newSchema(IatiFiles.class.getResource("/iati-2.03/iati-activities-schema.xsd"));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the IATI 2.03 schema", e);
        }
    }

    private static Map<String, String> codes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("//iati-activity/@*[local-name()='lang']", "Language");
        codes.put("//reporting-org/@type | //participating-org/@type", "OrganisationType");
        codes.put("//participating-org/@role", "OrganisationRole");
        codes.put("/iati-activities/iati-activity/description/@type", "DescriptionType");
        codes.put("//activity-status/@code", "ActivityStatus");
        codes.put("//activity-date/@type", "ActivityDateType");
        codes.put("//recipient-country/@code", "Country");
        codes.put("//location/administrative/@vocabulary", "GeographicVocabulary");
        codes.put("//location/administrative/@code", "Country");
        codes.put("//location/location-class/@code", "GeographicLocationClass");
        codes.put("//location/feature-designation/@code", "LocationType");
        codes.put("//sector/@vocabulary", "SectorVocabulary");
        codes.put("//sector/@code", "Sector");
        codes.put("//document-link/@format", "FileFormat");
        codes.put("//document-link/category/@code", "DocumentCategory");
        codes.put("//result/@type", "ResultType");
        codes.put("//indicator/@measure", "IndicatorMeasure");
        return codes;
    }

    /** The file, parsed, once it has validated against the IATI 2.03 activity schema. */
    public static Document validated(byte[] xml) {
        try {
            SCHEMA.newValidator().validate(new StreamSource(new ByteArrayInputStream(xml)));
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            throw new AssertionError("Not a valid IATI 2.03 activity file: " + e.getMessage(), e);
        }
    }

    /** Every code of the file is an active code of its codelist, and every organisation ref names an agency. */
    public static void assertCodesAreInTheirCodelists(Document file, Codelists codelists) {
        CODES.forEach((path, list) -> {
            for (String code : strings(file, path)) {
                assertThat(codelists.contains(list, code)).as(path + " = " + code + " in " + list).isTrue();
            }
        });
        for (String ref : strings(file, "//reporting-org/@ref | //participating-org/@ref")) {
            assertThat(codelists.registrationAgency(ref)).as(ref).isPresent();
        }
    }

    /**
     * What a period of an indicator says.
     *
     * @param target      null where it has none
     * @param actual      the period's value, null where it has none
     * @param byDimension each dimension's values by category
     */
    public record PeriodFigures(BigDecimal target, BigDecimal actual, BigDecimal cumulative,
                                Map<String, Map<String, BigDecimal>> byDimension) {
    }

    /** Per indicator id, per period id: the figures an activity's results give. */
    public static Map<String, Map<String, PeriodFigures>> figures(Element activity) {
        Map<String, Map<String, PeriodFigures>> figures = new LinkedHashMap<>();
        for (Element indicator : elements(activity, "result/indicator")) {
            Map<String, PeriodFigures> periods = new LinkedHashMap<>();
            for (Element period : elements(indicator, "period")) {
                List<String> target = strings(period, "target/@value");
                List<Element> totals = elements(period, "actual[not(dimension)]");
                assertThat(totals).as("one actual without a dimension").hasSizeLessThanOrEqualTo(1);
                Map<String, Map<String, BigDecimal>> byDimension = new TreeMap<>();
                for (Element part : elements(period, "actual[dimension]")) {
                    byDimension.computeIfAbsent(string(part, "dimension/@name"), k -> new TreeMap<>())
                            .put(string(part, "dimension/@value"), new BigDecimal(part.getAttribute("value")));
                }
                periods.put(period.getAttributeNS(IatiXml.KRONIKA_NAMESPACE, "period"), new PeriodFigures(
                        target.isEmpty() ? null : new BigDecimal(target.get(0)),
                        totals.isEmpty() ? null : new BigDecimal(totals.get(0).getAttribute("value")),
                        totals.isEmpty() ? null : new BigDecimal(string(totals.get(0),
                                "*[local-name()='cumulative']/@value")), byDimension));
            }
            figures.put(indicator.getAttributeNS(IatiXml.KRONIKA_NAMESPACE, "id"), periods);
        }
        return figures;
    }

    public static List<Element> elements(Node context, String path) {
        NodeList nodes = evaluate(context, path);
        List<Element> elements = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            elements.add((Element) nodes.item(i));
        }
        return elements;
    }

    public static List<String> strings(Node context, String path) {
        NodeList nodes = evaluate(context, path);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getTextContent());
        }
        return values;
    }

    public static String string(Node context, String path) {
        List<String> values = strings(context, path);
        assertThat(values).as(path).hasSize(1);
        return values.get(0);
    }

    private static NodeList evaluate(Node context, String path) {
        try {
            return (NodeList) XPathFactory.newInstance().newXPath().evaluate(path, context, XPathConstants.NODESET);
        } catch (Exception e) {
            throw new IllegalArgumentException(path, e);
        }
    }
}
