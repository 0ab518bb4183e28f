package org.kronika.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's files as the checks read them: YAML as JSON trees, schemas from deploy/schemas. */
final class DeployFiles {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEADING = Pattern.compile("^#{1,6} +(.+?) *$", Pattern.MULTILINE);

    private DeployFiles() {
    }

    static Path repository() {
        return Path.of(System.getProperty("kronika.repository", "../..")).toAbsolutePath().normalize();
    }

    static Path file(String relative) {
        Path path = repository().resolve(relative);
        if (!Files.isRegularFile(path)) {
            throw new AssertionError(relative + " does not exist under " + repository());
        }
        return path;
    }

    static String read(String relative) {
        try {
            return Files.readString(file(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of a YAML file, merge keys ({@code <<}) and anchors resolved, as JSON trees. */
    static List<JsonNode> yamlDocuments(String relative) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<JsonNode> documents = new ArrayList<>();
        for (Object document : new Yaml(options).loadAll(read(relative))) {
            if (document != null) {
                documents.add(JSON.valueToTree(document));
            }
        }
        return documents;
    }

    static JsonNode yaml(String relative) {
        List<JsonNode> documents = yamlDocuments(relative);
        if (documents.size() != 1) {
            throw new AssertionError(relative + " holds " + documents.size() + " YAML documents, not one");
        }
        return documents.get(0);
    }

    static JsonNode json(String relative) {
        try {
            return JSON.readTree(read(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A vendored draft-07 schema, loaded from its file so that a relative {@code $id} resolves; formats are
     * asserted, as the schema's authors mean them to be. The Kubernetes schemas name their meta-schema by the
     * old unversioned {@code http://json-schema.org/schema#}, read here as draft-07, the draft they are written in.
     */
    static JsonSchema schema(String relative) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7, builder -> builder
                .metaSchema(JsonMetaSchema.builder("http://json-schema.org/schema#", JsonMetaSchema.getV7()).build()));
        return factory.getSchema(SchemaLocation.of(file(relative).toUri().toString()), json(relative), config);
    }

    static Set<ValidationMessage> validate(JsonSchema schema, JsonNode document) {
        return schema.validate(document);
    }

    /**
     * The anchors GitHub gives the headings of a Markdown file: lower case, punctuation other than hyphens
     * dropped, spaces as hyphens.
     */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new java.util.HashSet<>();
        Matcher heading = HEADING.matcher(read(markdown).replaceAll("(?s)```.*?```", ""));
        while (heading.find()) {
            anchors.add(heading.group(1).toLowerCase(java.util.Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N}_ -]", "").replace(' ', '-'));
        }
        return anchors;
    }
}
