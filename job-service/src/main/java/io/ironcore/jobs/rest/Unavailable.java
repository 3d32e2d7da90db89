package io.ironcore.jobs.rest;

import jakarta.ws.rs.core.Response;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hibernate.exception.GenericJDBCException;
import org.hibernate.exception.JDBCConnectionException;

/**
 * A dependency that is down: the database cannot be reached (refused, timed out, connection lost, no connection
 * free in the pool in time). The API answers 503 with {@code Retry-After} rather than a bare 500 or a hang; the
 * timeouts that bound the wait are in {@code application.properties}.
 */
final class Unavailable {
    static final int RETRY_AFTER_SECONDS = 5;
    /** Server states that say "not now": admin or crash shutdown, starting up, too many connections. */
    private static final Set<String> STATES = Set.of("57P01", "57P02", "57P03", "53300");

    private Unavailable() {
    }

    /** Whether the failure, or any of its causes, says the database is unreachable. */
    static boolean databaseDown(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
            if (t instanceof JDBCConnectionException
                    || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof ConnectException || t instanceof NoRouteToHostException
                    || t instanceof SocketTimeoutException) {
                return true;
            }
            // Hibernate: no connection could be had at all, whatever the driver said (a connect interrupted when the
            // pool gave up on it reports SQLState 99999, "something unusual")
            if (t instanceof GenericJDBCException && t.getMessage() != null
                    && t.getMessage().startsWith("Unable to acquire JDBC Connection")) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || STATES.contains(state))) {
                    return true;
                }
                String message = sql.getMessage();
                // Agroal: no connection could be had within quarkus.datasource.jdbc.acquisition-timeout
                if (state == null && message != null && (message.startsWith("Sorry, acquisition timeout")
                        || message.startsWith("Acquisition timeout"))) {
                    return true;
                }
            }
        }
        return false;
    }

    static Response response(String path) {
        return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", RETRY_AFTER_SECONDS)
                .entity(new Problem(Problem.TYPE_BASE + "unavailable", "Service Unavailable", 503,
                        "the database cannot be reached right now; try again in " + RETRY_AFTER_SECONDS + " s", path, List.of()))
                .build();
    }
}
