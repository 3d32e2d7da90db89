package io.ironcore.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
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

    /** Whether a token is configured (flag, environment or config file). */
    boolean hasToken() {
        return first(token, System.getenv("IRONCORE_TOKEN"), configFile().getProperty("token"), null) != null;
    }

    ApiClient client() {
        Properties file = configFile();
        String u;
        String from;
        if (first(url) != null) {
            u = first(url);
            from = "--url";
        } else if (first(System.getenv("IRONCORE_URL")) != null) {
            u = first(System.getenv("IRONCORE_URL"));
            from = "IRONCORE_URL";
        } else if (first(file.getProperty("url")) != null) {
            u = first(file.getProperty("url"));
            from = "url= in " + configPath();
        } else {
            u = DEFAULT_URL;
            from = "--url";
        }
        String t = first(token, System.getenv("IRONCORE_TOKEN"), file.getProperty("token"), null);
        return new ApiClient(checkedUrl(u, from).replaceAll("/+$", ""), t);
    }

    /** An absolute http(s) URL with a host (and a port in range), no query or fragment; else exit 2. */
    static String checkedUrl(String u, String from) {
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            uri = null;
        }
        boolean ok = uri != null && uri.isAbsolute() && ("http".equalsIgnoreCase(uri.getScheme())
                || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null && !uri.getHost().isEmpty()
                && uri.getPort() <= 65535 && uri.getRawQuery() == null && uri.getRawFragment() == null
                && uri.getRawUserInfo() == null;
        if (!ok) {
            throw new CliException(ExitCodes.USAGE, from + ": not an http(s) URL: " + printable(u));
        }
        return u;
    }

    /** The value as given, with control characters shown as {@code ?} (it is echoed to a terminal). */
    private static String printable(String s) {
        String cut = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return cut.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    private static Path configPath() {
        String configured = System.getenv("IRONCORE_CONFIG");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".config", "ironcore-backup", "config");
    }

    /** The config file's properties (none when it does not exist); exit 2 when it cannot be read. */
    static Properties configFile() {
        Properties p = new Properties();
        Path path = configPath();
        if (Files.isRegularFile(path)) {
            try (Reader r = Files.newBufferedReader(path)) {
                p.load(r);
            } catch (IOException e) {
                throw new CliException(ExitCodes.USAGE, "cannot read config file " + path + ": " + e.getMessage());
            }
        }
        return p;
    }

    /** The first value that is not blank, trimmed; null when none is. */
    static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }
}
