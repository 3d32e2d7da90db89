package io.ironcore.jobs.rest;

import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures say the database is unreachable (503), and which are the server's own (500). */
class UnavailableTest {

    @Test
    void noConnectionAtAllIsUnavailableWhateverTheDriverSaid() {
        SQLException unusual = new SQLException("Something unusual has occurred to cause the driver to fail.", "99999");
        assertThat(Unavailable.databaseDown(new GenericJDBCException("Unable to acquire JDBC Connection [x] [n/a]",
                unusual))).isTrue();
        assertThat(Unavailable.databaseDown(new SQLException("Acquisition timeout while waiting for new connection")))
                .isTrue();
        assertThat(Unavailable.databaseDown(new SQLException("An I/O error occurred", "08006"))).isTrue();
    }

    @Test
    void aBadStatementIsNot() {
        assertThat(Unavailable.databaseDown(new GenericJDBCException("could not execute statement",
                new SQLException("syntax error", "42601")))).isFalse();
        assertThat(Unavailable.databaseDown(new IllegalStateException("boom"))).isFalse();
    }
}
