package io.ironcore.jobs.rest;

import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Which query, path or header parameter of a request could not be converted to its Java type ({@code ?limit=abc}).
 * Jakarta REST answers such a request 404 (query and path) or 400 (header) without naming the parameter; the API
 * answers 400 naming it.
 */
final class ParamErrors {
    private ParamErrors() {
    }

    /** The first parameter of the method whose value in this request does not convert, with why. */
    static Optional<Problem.FieldError> culprit(Method method, UriInfo uri, HttpHeaders headers) {
        if (method == null) {
            return Optional.empty();
        }
        Class<?>[] types = method.getParameterTypes();
        Annotation[][] annotations = method.getParameterAnnotations();
        for (int i = 0; i < types.length; i++) {
            for (Annotation a : annotations[i]) {
                String name;
                List<String> values;
                if (a instanceof QueryParam q) {
                    name = q.value();
                    values = uri.getQueryParameters().get(name);
                } else if (a instanceof PathParam p) {
                    name = p.value();
                    values = uri.getPathParameters().get(name);
                } else if (a instanceof HeaderParam h) {
                    name = h.value();
                    values = headers.getRequestHeader(name);
                } else if (a instanceof CookieParam c) {
                    name = c.value();
                    values = headers.getCookies().containsKey(name)
                            ? List.of(headers.getCookies().get(name).getValue()) : null;
                } else {
                    continue;
                }
                if (values == null) {
                    continue;
                }
                for (String value : values) {
                    String problem = problem(types[i], value);
                    if (problem != null) {
                        return Optional.of(new Problem.FieldError(name, problem));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Why the value does not convert to the type, or null if it does. */
    static String problem(Class<?> type, String value) {
        try {
            if (type == int.class || type == Integer.class) {
                Integer.parseInt(value.trim());
            } else if (type == long.class || type == Long.class) {
                Long.parseLong(value.trim());
            } else if (type == short.class || type == Short.class || type == byte.class || type == Byte.class) {
                Short.parseShort(value.trim());
            } else if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
                Double.parseDouble(value.trim());
            } else if (type == UUID.class) {
                UUID.fromString(value);
            } else if (type.isEnum()) {
                @SuppressWarnings({"unchecked", "rawtypes"})
                Object ignored = Enum.valueOf((Class) type, value);
            } else if (type != String.class && !type.isPrimitive()) {
                return viaFactory(type, value);
            }
            return null;
        } catch (IllegalArgumentException e) { // NumberFormatException too
            if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
                return type == double.class || type == float.class || type == Double.class || type == Float.class
                        ? "must be a number" : "must be a whole number";
            }
            return type == UUID.class ? "must be a UUID" : "not a valid value";
        }
    }

    private static String viaFactory(Class<?> type, String value) {
        for (String factory : List.of("valueOf", "fromString", "parse")) {
            try {
                Method m = type.getMethod(factory, String.class);
                if (Modifier.isStatic(m.getModifiers())) {
                    m.invoke(null, value);
                    return null;
                }
            } catch (NoSuchMethodException e) {
                // try the next one
            } catch (ReflectiveOperationException e) {
                return "not a valid value";
            }
        }
        return null;
    }
}
