package io.ironcore.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where job-service is and who we are: {@code --url}/{@code --token}, else IRONCORE_URL/IRONCORE_TOKEN, else the
 * config file (IRONCORE_CONFIG, else ~/.config/ironcore-backup/config) with {@code url=} and {@code token=} lines.
 */
public class Connection {
    static final String DEFAULT_URL = "http://127.0.0.1:8080";

    @Option(names = "--url", description = "job-service URL (env IRONCORE_URL; default " + DEFAULT_URL + ")")
    String url;

    @Option(names = "--token", description = "API token (env IRONCORE_TOKEN, or token= in the config file)")
    String token;

    @Option(names = "--project", description = "project (env IRONCORE_PROJECT, or project= in the config file; "
            + "default: your only project, or 'default')")
    String project;

    /** The project to act in, or null for the server's default. */
    String project() {
        return first(project, System.getenv("IRONCORE_PROJECT"), configFile().getProperty("project"), null);
    }

    /** A path with {@code ?project=} (or {@code &project=}) when a project is chosen. */
    String scoped(String path) {
        String p = project();
        if (p == null) {
            return path;
        }
        return path + (path.contains("?") ? "&" : "?") + "project=" + Output.path(p);
    }

    ApiClient client() {
        Properties file = configFile();
        String u = first(url, System.getenv("IRONCORE_URL"), file.getProperty("url"), DEFAULT_URL);
        String t = first(token, System.getenv("IRONCORE_TOKEN"), file.getProperty("token"), null);
        return new ApiClient(u.replaceAll("/+$", ""), t);
    }

    private static Properties configFile() {
        Properties p = new Properties();
        String configured = System.getenv("IRONCORE_CONFIG");
        Path path = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".config", "ironcore-backup", "config");
        if (Files.isRegularFile(path)) {
            try (Reader r = Files.newBufferedReader(path)) {
                p.load(r);
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "cannot read config file " + path + ": " + e.getMessage());
            }
        }
        return p;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
