package io.ironcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;

/**
 * Run now, wait, print: the shape of {@code job run} and {@code sync-job run}. The run is asked for and what the
 * server answered is printed; with {@code --wait} the command polls until the run has finished, prints the outcome
 * and exits 1 ({@link ExitCodes#FAILED}) when it failed.
 */
abstract class RunNowCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Mixin
    Connection connection;
    @Option(names = "--timeout", defaultValue = "PT1H", description = "longest wait, ISO-8601 (default 1 hour)")
    Duration timeout;
    @Mixin
    Options.OutputFormat output;

    /** Whether {@code --wait} was given. */
    abstract boolean await();

    /** Asks for the run now; answers what the server answered. */
    abstract JsonNode start(ApiClient api);

    /** The line printed without {@code --wait}. */
    abstract String startedLine(JsonNode started);

    /** Polls until the run has finished (at most {@link #timeout}); answers what is printed. */
    abstract JsonNode awaitFinished(ApiClient api, JsonNode started);

    /** The line printed when the run has finished. */
    abstract String finishedLine(JsonNode started, JsonNode finished);

    /** The message of exit 1 when the run failed, or null when it did not. */
    abstract String failure(JsonNode started, JsonNode finished);

    @Override
    public final void run() {
        ApiClient api = connection.client();
        JsonNode started = start(api);
        if (!await()) {
            output.print(spec, started, () -> startedLine(started));
            return;
        }
        JsonNode finished = awaitFinished(api, started);
        output.print(spec, finished, () -> finishedLine(started, finished));
        String failure = failure(started, finished);
        if (failure != null) {
            throw new CliException(ExitCodes.FAILED, failure);
        }
    }
}
