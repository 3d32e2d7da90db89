package io.ironcore.eventing.consumer;

import io.ironcore.events.MalformedEventException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static io.ironcore.eventing.consumer.Failures.Kind.PERMANENT;
import static io.ironcore.eventing.consumer.Failures.Kind.TRANSIENT;
import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {
    /** What Hibernate and Agroal throw: the SQL exception some causes down. */
    private static RuntimeException wrapped(Throwable cause) {
        return new IllegalStateException("transaction failed", new RuntimeException("could not execute statement",
                cause));
    }

    @Test
    void aDatabaseThatIsDownIsTransient() {
        assertThat(Failures.classify(wrapped(new SQLException("Connection refused", "08001")))).isEqualTo(TRANSIENT);
        assertThat(Failures.classify(wrapped(new SQLException("terminating connection", "57P01"))))
                .isEqualTo(TRANSIENT);
        assertThat(Failures.classify(wrapped(new SQLTransientConnectionException("Acquisition timeout"))))
                .isEqualTo(TRANSIENT);
        assertThat(Failures.classify(wrapped(new ConnectException("Connection refused")))).isEqualTo(TRANSIENT);
        assertThat(Failures.isConnectionFailure(wrapped(new SQLException("x", "08006")))).isTrue();
        assertThat(Failures.isConnectionFailure(wrapped(new ConnectException("x")))).isTrue();
    }

    @Test
    void deadlocksSerializationFailuresAndUnknownFailuresAreRetried() {
        assertThat(Failures.classify(wrapped(new SQLException("deadlock detected", "40P01")))).isEqualTo(TRANSIENT);
        assertThat(Failures.classify(wrapped(new SQLException("could not serialize", "40001")))).isEqualTo(TRANSIENT);
        assertThat(Failures.classify(new NullPointerException("a bug"))).isEqualTo(TRANSIENT);
        assertThat(Failures.isConnectionFailure(new NullPointerException("a bug"))).isFalse();
    }

    @Test
    void aBadPayloadIsPermanent() {
        assertThat(Failures.classify(new MalformedEventException("missing required field 'runId'")))
                .isEqualTo(PERMANENT);
        assertThat(Failures.classify(wrapped(new MalformedEventException("bad")))).isEqualTo(PERMANENT);
        // data the database refuses as data (value too long, invalid text representation)
        assertThat(Failures.classify(wrapped(new SQLException("value too long", "22001")))).isEqualTo(PERMANENT);
        SQLException batch = new SQLException("batch failed", "XX000");
        batch.setNextException(new SQLException("invalid input syntax", "22P02"));
        assertThat(Failures.classify(wrapped(batch))).isEqualTo(PERMANENT);
    }
}
