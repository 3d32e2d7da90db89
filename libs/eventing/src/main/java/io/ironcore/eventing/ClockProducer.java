package io.ironcore.eventing;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The one clock of a service. Tests replace it with a controlled one. For fault drills, {@code
 * ironcore.clock.offset-file} names a file holding an ISO-8601 duration (e.g. {@code PT3H}, {@code -PT3H}) that is
 * added to the system clock while it is there: the clock jumps, as it does when NTP steps a host's time.
 */
@ApplicationScoped
public class ClockProducer {
    @ConfigProperty(name = "ironcore.clock.offset-file")
    Optional<String> offsetFile;

    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        return offsetFile.filter(f -> !f.isBlank())
                .<Clock>map(f -> new OffsetFileClock(Clock.systemUTC(), Path.of(f)))
                .orElse(Clock.systemUTC());
    }
}
