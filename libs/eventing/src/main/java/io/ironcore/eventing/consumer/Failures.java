package io.ironcore.eventing.consumer;

import io.ironcore.events.MalformedEventException;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.concurrent.TimeoutException;

/**
 * Transient or permanent. Permanent means retrying cannot help and the event goes to the dead-letter topic at
 * once: a malformed event (bad envelope, unknown type, a payload that does not decode strictly) or a value the
 * database refuses as data (SQLState class 22). Everything else is retried: a database that is down (class 08,
 * connection exceptions), a serialization failure or deadlock (40), resources (53), a server shutting down (57P),
 * timeouts, and failures we cannot classify, since losing an event is worse than retrying a bug for a while.
 */
public final class Failures {
    public enum Kind { TRANSIENT, PERMANENT }

    private Failures() {
    }

    public static Kind classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MalformedEventException) {
                return Kind.PERMANENT;
            }
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    String state = s.getSQLState();
                    if (state != null && state.startsWith("22")) {
                        return Kind.PERMANENT;
                    }
                }
            }
        }
        return Kind.TRANSIENT;
    }

    /** Whether the failure is, somewhere in its causes, a connection that failed (logged as such). */
    public static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof ConnectException || t instanceof SocketTimeoutException
                    || t instanceof UnknownHostException || t instanceof SocketException
                    || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
