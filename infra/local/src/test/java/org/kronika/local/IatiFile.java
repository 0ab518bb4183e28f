package org.kronika.local;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An IATI activity file as a registry reads it: validated against the official IATI 2.03 schema (the copy kept
 * with the query service's tests, named by the build), then its activities' results by indicator and period.
 */
final class IatiFile {

    private static final String KRONIKA = "urn:kronika:iati:1";
    private static Schema schema;

    /** What one period of one indicator says; {@code actual} and {@code cumulative} are null where it has none. */
    record Period(Double target, Double actual, Double cumulative) {
    }

    private final Document document;

    private IatiFile(Document document) {
        this.document = document;
    }

    /** @throws AssertionError naming the schema's complaint when the file is not valid */
    static IatiFile validated(byte[] xml) {
        try {
            schema().newValidator().validate(new StreamSource(new ByteArrayInputStream(xml)));
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return new IatiFile(factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml)));
        } catch (Exception e) {
            throw new AssertionError("Not a valid IATI 2.03 activity file: " + e.getMessage(), e);
        }
    }

    private static synchronized Schema schema() throws Exception {
        if (schema == null) {
            Path directory = Path.of(System.getProperty("kronika.iati.schema"));
            schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                    .newSchema(directory.resolve("iati-activities-schema.xsd").toFile());
        }
        return schema;
    }

    /** The activities by their identifier. */
    Map<String, Map<String, Map<String, Period>>> activities() {
        Map<String, Map<String, Map<String, Period>>> activities = new LinkedHashMap<>();
        for (Element activity : elements(document, "/iati-activities/iati-activity")) {
            activities.put(elements(activity, "iati-identifier").get(0).getTextContent(), results(activity));
        }
        return activities;
    }

    /** Per indicator id, per period id: the target, the actual without a dimension and its cumulative figure. */
    private static Map<String, Map<String, Period>> results(Element activity) {
        Map<String, Map<String, Period>> indicators = new LinkedHashMap<>();
        for (Element indicator : elements(activity, "result/indicator")) {
            Map<String, Period> periods = new LinkedHashMap<>();
            for (Element period : elements(indicator, "period")) {
                List<Element> target = elements(period, "target");
                List<Element> actual = elements(period, "actual[not(dimension)]");
                Double cumulative = actual.isEmpty() ? null : number(elements(actual.get(0),
                        "*[local-name()='cumulative']").get(0));
                periods.put(period.getAttributeNS(KRONIKA, "period"), new Period(
                        target.isEmpty() ? null : number(target.get(0)),
                        actual.isEmpty() ? null : number(actual.get(0)), cumulative));
            }
            indicators.put(indicator.getAttributeNS(KRONIKA, "id"), periods);
        }
        return indicators;
    }

    private static Double number(Element element) {
        return Double.valueOf(element.getAttribute("value"));
    }

    private static List<Element> elements(Object context, String path) {
        try {
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(path, context,
                    XPathConstants.NODESET);
            List<Element> elements = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                elements.add((Element) nodes.item(i));
            }
            return elements;
        } catch (Exception e) {
            throw new IllegalArgumentException(path, e);
        }
    }
}
