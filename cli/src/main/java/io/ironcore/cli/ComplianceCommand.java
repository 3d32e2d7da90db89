package io.ironcore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;

/**
 * {@code ironcore-backup compliance}: RPO compliance per project (job-service's {@code GET /api/v1/compliance}), the
 * jobs at risk first. Exit 3 when any job is at risk, so that a script or cron job can alert on it.
 */
@Command(name = "compliance", description = "RPO compliance per project: how many backup jobs are protected, "
        + "pending their first snapshot or at risk, and each monitored job (at risk first): its state, RPO, newest "
        + "good snapshot, and the deadline or since when it is at risk. A job is at risk when its newest good "
        + "snapshot is older than its RPO, when it never had one, or when it is paused.",
        mixinStandardHelpOptions = true,
        footer = {"%nExit codes:", "  0  no job is at risk", "  3  at least one job is at risk (also with --output "
                + "json)", "  other: as for every command (see ironcore-backup --help)"})
public class ComplianceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    Connection connection;
    @Mixin
    Options.OutputFormat output;

    @Override
    public Integer call() {
        output.check();
        JsonNode overview = connection.client().get(connection.scoped("/api/v1/compliance"));
        boolean atRisk = false;
        for (JsonNode p : overview.path("projects")) {
            atRisk |= p.path("atRisk").asInt() > 0;
            for (JsonNode j : p.path("jobs")) {
                atRisk |= j.path("compliance").path("atRisk").asBoolean();
            }
        }
        output.print(spec, overview, () -> text(overview));
        return atRisk ? ExitCodes.AT_RISK : ExitCodes.OK;
    }

    static String text(JsonNode overview) {
        StringWriter s = new StringWriter();
        PrintWriter out = new PrintWriter(s);
        boolean first = true;
        for (JsonNode p : overview.path("projects")) {
            if (!first) {
                out.println();
            }
            first = false;
            out.println(p.path("project").asText() + ": " + p.path("monitored").asInt() + " monitored, "
                    + p.path("protected").asInt() + " protected, " + p.path("pending").asInt() + " pending, "
                    + p.path("atRisk").asInt() + " at risk, " + p.path("unmonitored").asLong() + " unmonitored");
            if (p.path("jobs").isEmpty()) {
                continue;
            }
            Table t = new Table("NAME", "STATE", "RPO", "NEWEST GOOD SNAPSHOT", "DEADLINE", "AT RISK SINCE");
            for (JsonNode j : p.path("jobs")) {
                JsonNode c = j.path("compliance");
                t.row(j.path("name").asText(), JobCommand.complianceLabel(c),
                        JobCommand.text(c, "rpo") + ("job".equals(JobCommand.text(c, "rpoSource")) ? "" : " (schedule)"),
                        JobCommand.text(c, "lastGoodSnapshotAt"), JobCommand.text(c, "deadline"),
                        JobCommand.text(c, "atRiskSince"));
            }
            t.print(out);
        }
        if (first) {
            out.println("no projects");
        }
        out.flush();
        return s.toString().stripTrailing();
    }
}
