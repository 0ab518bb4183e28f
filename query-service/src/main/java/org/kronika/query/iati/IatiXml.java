package org.kronika.query.iati;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes {@link IatiActivity}s as an IATI 2.03 {@code iati-activities} file, elements in the schema's order,
 * indented for people. The same activities always give the same bytes: nothing here reads a clock.
 */
public final class IatiXml {

    public static final String VERSION = "2.03";
    /** Kronika's own additions, which IATI allows in a namespace of their own and readers may ignore. */
    public static final String KRONIKA_NAMESPACE = "urn:kronika:iati:1";

    /**
     * A municipality's name as the programme's reference list spells it (Gjilan, Tiranë, Mitrovicë e Jugut): Albanian,
     * whatever language the file is in.
     */
    private static final String PLACE_LANGUAGE = "sq";
    /** Kronika's own words are English, whatever language the projects write in. */
    private static final String KRONIKA_LANGUAGE = "en";

    private final Out out;
    private String language;

    private IatiXml(XMLStreamWriter writer) {
        this.out = new Out(writer);
    }

    /** The file; {@code generated-datetime} is the newest of its activities' {@code last-updated-datetime}. */
    public static byte[] write(List<IatiActivity> activities) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(activities, bytes);
        return bytes.toByteArray();
    }

    public static void write(List<IatiActivity> activities, OutputStream target) {
        try {
            XMLStreamWriter writer = XMLOutputFactory.newFactory().createXMLStreamWriter(target,
                    StandardCharsets.UTF_8.name());
            IatiXml xml = new IatiXml(writer);
            writer.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
            xml.out.start("iati-activities");
            xml.out.declare("kronika", KRONIKA_NAMESPACE);
            xml.out.attribute("version", VERSION);
            activities.stream().map(IatiActivity::lastUpdated).filter(java.util.Objects::nonNull)
                    .max(Comparator.naturalOrder())
                    .ifPresent(newest -> xml.out.attribute("generated-datetime", newest.toString()));
            for (IatiActivity activity : activities) {
                xml.activity(activity);
            }
            xml.out.end();
            writer.writeCharacters("\n");
            writer.writeEndDocument();
            writer.close();
        } catch (XMLStreamException e) {
            throw new UncheckedIOException(new java.io.IOException("Cannot write the IATI file", e));
        }
    }

    private void activity(IatiActivity a) {
        language = a.language();
        out.start("iati-activity");
        attribute("last-updated-datetime", a.lastUpdated());
        out.attribute(XMLConstants.XML_NS_URI, "lang", a.language());
        out.leaf("iati-identifier", a.identifier());
        organisation("reporting-org", a.reportingOrg(), null);
        narrativeIn("title", a.title());
        for (IatiActivity.Description description : a.descriptions()) {
            out.start("description");
            out.attribute("type", description.type());
            narrative(description.text());
            out.end();
        }
        for (IatiActivity.Participant participant : a.participants()) {
            organisation("participating-org", participant.organisation(), participant.role());
        }
        empty("activity-status", "code", a.status());
        for (IatiActivity.ActivityDate date : a.dates()) {
            empty("activity-date", "type", date.type(), "iso-date", date.date().toString());
        }
        for (IatiActivity.Country country : a.countries()) {
            out.start("recipient-country");
            out.attribute("code", country.code());
            out.attribute("percentage", country.percentage().toPlainString());
            ownNarrative(country.name());
            out.end();
        }
        for (IatiActivity.Location location : a.locations()) {
            location(location);
        }
        IatiActivity.Sector sector = a.sector();
        out.start("sector");
        out.attribute("vocabulary", sector.vocabulary());
        out.attribute("code", sector.code());
        out.attribute("percentage", "100");
        ownNarrative(sector.name());
        out.end();
        for (IatiActivity.DocumentLink document : a.documents()) {
            document(document);
        }
        for (IatiActivity.Result result : a.results()) {
            result(result);
        }
        out.end();
    }

    private void organisation(String element, IatiActivity.Organisation organisation, String role) {
        out.start(element);
        if (organisation.ref() != null) {
            out.attribute("ref", organisation.ref());
        }
        out.attribute("type", organisation.type());
        if (role != null) {
            out.attribute("role", role);
        }
        narrative(organisation.name());
        out.end();
    }

    private void location(IatiActivity.Location location) {
        out.start("location");
        out.attribute("ref", location.ref());
        narrativeIn("name", location.name(), PLACE_LANGUAGE);
        ownNarrativeIn("description", location.description());
        if (location.country() != null) {
            empty("administrative", "vocabulary", location.administrativeVocabulary(), "level", "0",
                    "code", location.country());
        }
        empty("location-class", "code", location.locationClass());
        empty("feature-designation", "code", location.featureDesignation());
        out.end();
    }

    private void document(IatiActivity.DocumentLink document) {
        out.start("document-link");
        out.attribute("url", document.url());
        out.attribute("format", document.format());
        narrativeIn("title", document.title());
        if (document.description() != null) {
            narrativeIn("description", document.description());
        }
        empty("category", "code", document.category());
        empty("document-date", "iso-date", document.date().toString());
        if (document.sha256() != null) {
            out.start(KRONIKA_NAMESPACE, "sha256");
            out.text(document.sha256());
            out.end();
        }
        out.end();
    }

    private void result(IatiActivity.Result result) {
        out.start("result");
        out.attribute("type", result.type());
        ownNarrativeIn("title", result.title());
        for (IatiActivity.Indicator indicator : result.indicators()) {
            out.start("indicator");
            out.attribute("measure", indicator.measure());
            out.attribute("ascending", indicator.ascending() ? "1" : "0");
            out.attribute("aggregation-status", indicator.aggregatable() ? "1" : "0");
            out.attribute(KRONIKA_NAMESPACE, "id", indicator.id());
            narrativeIn("title", indicator.title());
            ownNarrativeIn("description", indicator.description());
            IatiActivity.Baseline baseline = indicator.baseline();
            empty("baseline", "year", Integer.toString(baseline.year()), "iso-date", baseline.date().toString(),
                    "value", baseline.value().toPlainString());
            for (IatiActivity.Period period : indicator.periods()) {
                period(period);
            }
            out.end();
        }
        out.end();
    }

    private void period(IatiActivity.Period period) {
        out.start("period");
        out.attribute(KRONIKA_NAMESPACE, "period", period.periodId());
        empty("period-start", "iso-date", period.start().toString());
        empty("period-end", "iso-date", period.end().toString());
        if (period.target() != null) {
            empty("target", "value", period.target().toPlainString());
        }
        IatiActivity.Actual actual = period.actual();
        if (actual != null) {
            out.start("actual");
            out.attribute("value", actual.value().toPlainString());
            // Words for people: a mean's sixteen digits stay in the figures (value, kronika:cumulative), not here.
            ownNarrativeIn("comment", (actual.ended() ? "By the end of the period: "
                    : "So far, the period still running: ") + actual.cumulative()
                    .setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString());
            for (IatiActivity.DocumentLink source : actual.sources()) {
                document(source);
            }
            out.start(KRONIKA_NAMESPACE, "cumulative");
            out.attribute("value", actual.cumulative().toPlainString());
            out.end();
            out.end();
            for (IatiActivity.DimensionValue part : actual.breakdown()) {
                out.start("actual");
                out.attribute("value", part.value().toPlainString());
                if (part.locationRef() != null) {
                    empty("location", "ref", part.locationRef());
                }
                empty("dimension", "name", part.dimension(), "value", part.category());
                out.end();
            }
        }
        out.end();
    }

    private void narrativeIn(String element, String text) {
        out.start(element);
        narrative(text);
        out.end();
    }

    /** A text Kronika writes: marked English where the file's language is another. */
    private void ownNarrativeIn(String element, String text) {
        narrativeIn(element, text, KRONIKA_LANGUAGE);
    }

    /** A text in this language, marked so where the file's language is another. */
    private void narrativeIn(String element, String text, String textLanguage) {
        out.start(element);
        narrative(text, textLanguage);
        out.end();
    }

    /** A text Kronika writes, or an English name from IATI's codelists (a country's, a sector's), if any. */
    private void ownNarrative(String text) {
        narrative(text, KRONIKA_LANGUAGE);
    }

    private void narrative(String text, String textLanguage) {
        if (text == null) {
            return;
        }
        out.start("narrative");
        if (!textLanguage.equals(language)) {
            out.attribute(XMLConstants.XML_NS_URI, "lang", textLanguage);
        }
        out.text(text);
        out.end();
    }

    private void narrative(String text) {
        if (text != null) {
            out.leaf("narrative", text);
        }
    }

    private void attribute(String name, Instant instant) {
        if (instant != null) {
            out.attribute(name, instant.toString());
        }
    }

    /** An element without content, its attributes given as name, value, name, value ... */
    private void empty(String element, String... attributes) {
        out.start(element);
        for (int i = 0; i < attributes.length; i += 2) {
            out.attribute(attributes[i], attributes[i + 1]);
        }
        out.end();
    }

    /**
     * The writer with indentation: an element starts on its own line, and ends on its own line when it holds
     * elements. A started element is held back with its attributes until its content or its end shows whether it
     * is empty ({@code <a/>}).
     */
    private static final class Out {
        private final XMLStreamWriter writer;
        private final List<Boolean> holdsElements = new ArrayList<>();
        private Pending pending;

        /** @param attributes namespace (null for none), name, value, in threes */
        private record Pending(String namespace, String name, List<String> attributes, List<String> declarations) {
        }

        Out(XMLStreamWriter writer) {
            this.writer = writer;
        }

        void start(String name) {
            start(null, name);
        }

        void start(String namespace, String name) {
            flush(false);
            if (!holdsElements.isEmpty()) {
                holdsElements.set(holdsElements.size() - 1, true);
            }
            call(() -> writer.writeCharacters("\n" + "  ".repeat(holdsElements.size())));
            pending = new Pending(namespace, name, new ArrayList<>(), new ArrayList<>());
            holdsElements.add(false);
        }

        void declare(String prefix, String namespace) {
            pending().declarations().addAll(List.of(prefix, namespace));
        }

        void attribute(String name, String value) {
            attribute(null, name, value);
        }

        void attribute(String namespace, String name, String value) {
            pending().attributes().addAll(java.util.Arrays.asList(namespace, name, clean(value)));
        }

        void text(String text) {
            flush(false);
            call(() -> writer.writeCharacters(clean(text)));
        }

        void leaf(String name, String text) {
            start(name);
            text(text);
            end();
        }

        void end() {
            boolean hadElements = holdsElements.remove(holdsElements.size() - 1);
            if (pending != null) {
                flush(true);
                return;
            }
            if (hadElements) {
                call(() -> writer.writeCharacters("\n" + "  ".repeat(holdsElements.size())));
            }
            call(writer::writeEndElement);
        }

        private Pending pending() {
            if (pending == null) {
                throw new IllegalStateException("Attributes follow their element's start");
            }
            return pending;
        }

        private void flush(boolean empty) {
            Pending element = pending;
            if (element == null) {
                return;
            }
            pending = null;
            call(() -> {
                String prefix = element.namespace() == null ? "" : prefix(element.namespace());
                String namespace = element.namespace() == null ? "" : element.namespace();
                if (empty) {
                    writer.writeEmptyElement(prefix, element.name(), namespace);
                } else {
                    writer.writeStartElement(prefix, element.name(), namespace);
                }
                for (int i = 0; i < element.declarations().size(); i += 2) {
                    writer.writeNamespace(element.declarations().get(i), element.declarations().get(i + 1));
                }
                List<String> a = element.attributes();
                for (int i = 0; i < a.size(); i += 3) {
                    if (a.get(i) == null) {
                        writer.writeAttribute(a.get(i + 1), a.get(i + 2));
                    } else {
                        writer.writeAttribute(prefix(a.get(i)), a.get(i), a.get(i + 1), a.get(i + 2));
                    }
                }
            });
        }

        private static String prefix(String namespace) {
            return namespace.equals(XMLConstants.XML_NS_URI) ? "xml" : "kronika";
        }

        private interface Step {
            void run() throws XMLStreamException;
        }

        private static void call(Step step) {
            try {
                step.run();
            } catch (XMLStreamException e) {
                throw new UncheckedIOException(new java.io.IOException("Cannot write the IATI file", e));
            }
        }

        /** XML 1.0 cannot carry most control characters at all; recorded texts may hold them. */
        private static String clean(String text) {
            StringBuilder clean = new StringBuilder(text.length());
            text.codePoints().filter(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF))
                    .forEach(clean::appendCodePoint);
            return clean.toString();
        }
    }
}
