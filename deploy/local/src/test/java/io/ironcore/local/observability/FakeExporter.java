package io.ironcore.local.observability;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves every Ironcore business series at {@code /q/metrics}, with the names and labels of the product, in the
 * Prometheus text format the services' registry writes. Each scrape adds to the counters and takes from a
 * datastore's free space, so rates, increases and trends have something to compute. Two jobs: prod/nightly
 * (succeeds and fails) and lab/new-vm (only fails, never succeeded: at risk).
 */
final class FakeExporter implements AutoCloseable {
    private final HttpServer server;
    private final AtomicInteger scrapes = new AtomicInteger();

    FakeExporter() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/q/metrics", exchange -> {
            byte[] body = metrics(scrapes.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    int scrapes() {
        return scrapes.get();
    }

    static String metrics(int n) {
        long now = System.currentTimeMillis() / 1000;
        String nightly = "project=\"prod\",job=\"nightly\"";
        String newVm = "project=\"lab\",job=\"new-vm\"";
        StringBuilder b = new StringBuilder();
        b.append("# TYPE ironcore_runs_total counter\n")
                .append(line("ironcore_runs_total", nightly + ",type=\"backup\",mode=\"incremental\",status=\"Completed\"", 2 * n))
                .append(line("ironcore_runs_total", nightly + ",type=\"backup\",mode=\"incremental\",status=\"Failed\"", n))
                .append(line("ironcore_runs_total", nightly + ",type=\"verify\",mode=\"full\",status=\"Skipped\"", n))
                .append(line("ironcore_runs_total", newVm + ",type=\"backup\",mode=\"full\",status=\"Failed\"", n));
        b.append("# TYPE ironcore_run_duration_seconds histogram\n");
        String d = nightly + ",mode=\"incremental\"";
        b.append(line("ironcore_run_duration_seconds_bucket", d + ",le=\"1.0\"", n))
                .append(line("ironcore_run_duration_seconds_bucket", d + ",le=\"10.0\"", 2 * n))
                .append(line("ironcore_run_duration_seconds_bucket", d + ",le=\"+Inf\"", 3 * n))
                .append(line("ironcore_run_duration_seconds_count", d, 3 * n))
                .append(line("ironcore_run_duration_seconds_sum", d, 25.5 * n));
        b.append("# TYPE ironcore_run_bytes_total counter\n");
        for (String kind : new String[] {"read", "changed", "written"}) {
            b.append(line("ironcore_run_bytes_total", nightly + ",kind=\"" + kind + "\"", 1e6 * n));
        }
        b.append("# TYPE ironcore_job_last_success_timestamp_seconds gauge\n")
                .append(line("ironcore_job_last_success_timestamp_seconds", nightly, now - 60))
                .append("# TYPE ironcore_job_next_run_timestamp_seconds gauge\n")
                .append(line("ironcore_job_next_run_timestamp_seconds", nightly, now + 3600))
                .append(line("ironcore_job_next_run_timestamp_seconds", newVm, now + 600))
                .append("# TYPE ironcore_job_rpo_breached gauge\n")
                .append(line("ironcore_job_rpo_breached", nightly, 0))
                .append(line("ironcore_job_rpo_breached", newVm, 1))
                .append("# TYPE ironcore_job_rpo_seconds gauge\n")
                .append(line("ironcore_job_rpo_seconds", nightly, 93600))
                .append(line("ironcore_job_rpo_seconds", newVm, 93600));
        b.append("# TYPE ironcore_run_queue_depth gauge\n")
                .append(line("ironcore_run_queue_depth", "kind=\"run\"", 3))
                .append(line("ironcore_run_queue_depth", "kind=\"restore\"", 0))
                .append("# TYPE ironcore_run_queue_oldest_age_seconds gauge\n")
                .append(line("ironcore_run_queue_oldest_age_seconds", "kind=\"run\"", 42))
                .append(line("ironcore_run_queue_oldest_age_seconds", "kind=\"restore\"", 0))
                .append("# TYPE ironcore_outbox_oldest_unsent_age_seconds gauge\n")
                .append(line("ironcore_outbox_oldest_unsent_age_seconds", "service=\"job-service\"", 0.5));
        b.append("# TYPE ironcore_notifications_total counter\n")
                .append(line("ironcore_notifications_total", "target_type=\"webhook\",outcome=\"sent\"", 2 * n))
                .append(line("ironcore_notifications_total", "target_type=\"webhook\",outcome=\"failed\"", n));
        String ds = "datastore=\"primary\"";
        b.append("# TYPE ironcore_datastore_used_bytes gauge\n")
                .append(line("ironcore_datastore_used_bytes", ds, 1e9 + 1e7 * n))
                .append("# TYPE ironcore_datastore_free_bytes gauge\n")
                .append(line("ironcore_datastore_free_bytes", ds, 1e11 - 1e7 * n))
                .append("# TYPE ironcore_datastore_dedup_ratio gauge\n")
                .append(line("ironcore_datastore_dedup_ratio", ds, 2.5));
        b.append("# TYPE ironcore_prune_runs_total counter\n")
                .append(line("ironcore_prune_runs_total", nightly + ",status=\"Completed\"", n))
                .append(line("ironcore_prune_runs_total", nightly + ",status=\"Failed\"", n))
                .append("# TYPE ironcore_prune_snapshots_removed_total counter\n")
                .append(line("ironcore_prune_snapshots_removed_total", nightly, 3 * n))
                .append("# TYPE ironcore_gc_runs_total counter\n")
                .append(line("ironcore_gc_runs_total", ds, n))
                .append("# TYPE ironcore_gc_bytes_freed_total counter\n")
                .append(line("ironcore_gc_bytes_freed_total", ds, 1e6 * n))
                .append("# TYPE ironcore_sync_runs_total counter\n")
                .append(line("ironcore_sync_runs_total", "project=\"prod\",sync_job=\"offsite\",status=\"Completed\"", n))
                .append("# TYPE ironcore_sync_bytes_total counter\n")
                .append(line("ironcore_sync_bytes_total", "project=\"prod\",sync_job=\"offsite\"", 1e6 * n));
        return b.toString();
    }

    private static String line(String name, String labels, double value) {
        return name + (labels.isEmpty() ? "" : "{" + labels + ",}") + " " + value + "\n";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
