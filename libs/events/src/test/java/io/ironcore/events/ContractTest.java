package io.ironcore.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.ironcore.events.catalog.EventCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Golden payloads of every published version are read back, validated and written again unchanged. */
class ContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    static Stream<EventCatalog.Entry> entries() {
        return EventCatalog.ENTRIES.stream();
    }

    @ParameterizedTest
    @MethodSource("entries")
    void goldenPayloadMatchesItsSchema(EventCatalog.Entry entry) throws IOException {
        Set<ValidationMessage> errors = schema(entry).validate(golden(entry));
        assertThat(errors).as(entry.shortName()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("entries")
    void goldenPayloadRoundTripsThroughTheRecord(EventCatalog.Entry entry) throws IOException {
        JsonNode golden = golden(entry);
        Object payload = EventJson.read(JSON.writeValueAsBytes(golden), entry.payload());
        JsonNode written = JSON.readTree(EventJson.write(payload));
        assertThat(written).as(entry.shortName()).isEqualTo(golden);
        assertThat(schema(entry).validate(written)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("entries")
    void everyRequiredFieldIsEnforcedByRecordAndSchema(EventCatalog.Entry entry) throws IOException {
        JsonNode schemaDoc = JSON.readTree(resource(entry.schemaResource()));
        for (JsonNode field : schemaDoc.get("required")) {
            ObjectNode broken = (ObjectNode) golden(entry).deepCopy();
            broken.remove(field.asText());
            assertThat(schema(entry).validate(broken)).as("schema without " + field).isNotEmpty();
            assertThatThrownBy(() -> EventJson.read(JSON.writeValueAsBytes(broken), entry.payload()))
                    .as("record without " + field)
                    .isInstanceOf(MalformedEventException.class)
                    .hasMessageContaining(field.asText());
        }
    }

    @ParameterizedTest
    @MethodSource("entries")
    void optionalFieldsMayBeAbsent(EventCatalog.Entry entry) throws IOException {
        JsonNode schemaDoc = JSON.readTree(resource(entry.schemaResource()));
        Set<String> required = new HashSet<>();
        schemaDoc.get("required").forEach(r -> required.add(r.asText()));
        ObjectNode minimal = (ObjectNode) golden(entry).deepCopy();
        List<String> names = new java.util.ArrayList<>();
        minimal.fieldNames().forEachRemaining(names::add);
        names.stream().filter(n -> !required.contains(n)).forEach(minimal::remove);
        assertThat(schema(entry).validate(minimal)).isEmpty();
        Object payload = EventJson.read(JSON.writeValueAsBytes(minimal), entry.payload());
        assertThat(payload).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("entries")
    void readersTolerateUnknownFields(EventCatalog.Entry entry) throws IOException {
        ObjectNode extended = (ObjectNode) golden(entry).deepCopy();
        extended.put("addedInALaterMinorRevision", "ignored");
        Object payload = EventJson.read(JSON.writeValueAsBytes(extended), entry.payload());
        assertThat(JSON.readTree(EventJson.write(payload))).isEqualTo(golden(entry));
    }

    @Test
    void malformedJsonIsAMalformedEvent() {
        assertThatThrownBy(() -> EventJson.read("{not json", io.ironcore.events.run.RunCompleted.class))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> EventJson.read("null", io.ironcore.events.run.RunCompleted.class))
                .isInstanceOf(MalformedEventException.class);
    }

    @Test
    void typesAreVersionedAndUnique() {
        List<String> types = EventCatalog.ENTRIES.stream().map(EventCatalog.Entry::type).toList();
        assertThat(new HashSet<>(types)).hasSameSizeAs(types);
        assertThat(types).allMatch(t -> t.matches("io\\.ironcore\\.backup\\.[a-z]+(\\.[a-z-]+)+\\.v[0-9]+"));
        assertThat(EventCatalog.ENTRIES).allMatch(e -> Topics.STREAMS.contains(e.topic())
                || Topics.STATE.contains(e.topic()));
    }

    @Test
    void asyncApiDocumentDescribesEveryEvent() throws IOException {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(resource("/io/ironcore/events/asyncapi.yaml"));
        assertThat(doc.get("asyncapi").asText()).isEqualTo("3.0.0");
        Set<String> addresses = new HashSet<>();
        doc.get("channels").forEach(c -> addresses.add(c.get("address").asText()));
        Set<String> messageNames = new HashSet<>();
        doc.get("components").get("messages").forEach(m -> {
            messageNames.add(m.get("name").asText());
            String ref = m.get("payload").get("$ref").asText();
            assertThat(ContractTest.class.getResource("/io/ironcore/events/" + ref)).as(ref).isNotNull();
        });
        for (EventCatalog.Entry e : EventCatalog.ENTRIES) {
            assertThat(messageNames).contains(e.type());
            assertThat(addresses).contains(e.topic());
        }
    }

    private static JsonSchema schema(EventCatalog.Entry entry) {
        return SCHEMAS.getSchema(resource(entry.schemaResource()));
    }

    private static JsonNode golden(EventCatalog.Entry entry) throws IOException {
        return JSON.readTree(resource(entry.goldenResource()));
    }

    private static InputStream resource(String name) {
        InputStream in = ContractTest.class.getResourceAsStream(name);
        assertThat(in).as(name).isNotNull();
        return in;
    }
}
