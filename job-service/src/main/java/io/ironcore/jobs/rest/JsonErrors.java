package io.ironcore.jobs.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Which field of a request body Jackson refused, and why, in the words of the API. */
final class JsonErrors {
    static final String UNKNOWN_FIELD = "unknown field";
    static final String DUPLICATE_FIELD = "duplicate field";
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate (?:field|Object property) '(.*)'");

    private JsonErrors() {
    }

    static Problem.FieldError of(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return new Problem.FieldError(path(u), UNKNOWN_FIELD);
        }
        String message = firstLine(e.getOriginalMessage());
        Matcher duplicate = DUPLICATE.matcher(message == null ? "" : message);
        if (duplicate.find()) {
            String field = e instanceof JsonParseException p && p.getProcessor() != null
                    ? pointerPath(p.getProcessor()) : "";
            return new Problem.FieldError(field.isEmpty() ? duplicate.group(1) : field, DUPLICATE_FIELD);
        }
        String field = e instanceof JsonMappingException m && !m.getPath().isEmpty() ? path(m) : "body";
        return new Problem.FieldError(field, message == null ? "malformed JSON" : message);
    }

    /** {@code include[0].name}: the reference path of a mapping error as the API names fields. */
    static String path(JsonMappingException m) {
        if (m.getPath().isEmpty()) {
            return "body";
        }
        return m.getPath().stream()
                .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining()).substring(1).replace(".[", "[");
    }

    /** The JSON pointer of the parser's position ({@code /include/0/name}) as {@code include[0].name}. */
    private static String pointerPath(JsonParser parser) {
        StringBuilder out = new StringBuilder();
        for (String segment : parser.getParsingContext().pathAsPointer().toString().split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            String name = segment.replace("~1", "/").replace("~0", "~");
            if (name.matches("\\d+")) {
                out.append('[').append(name).append(']');
            } else {
                out.append(out.isEmpty() ? "" : ".").append(name);
            }
        }
        return out.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return null;
        }
        int cut = message.indexOf('\n');
        return cut > 0 ? message.substring(0, cut) : message;
    }
}
