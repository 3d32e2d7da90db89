package io.ironcore.egress;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a URL a tenant gave may be reached (the SSRF rules of Stripe's and GitHub's webhooks, OWASP API7): http or
 * https, no user info, a host read the way an HTTP client reads it (numeric forms such as {@code 0x7f000001} and
 * IPv6 zone ids refused), and every address it resolves to outside the deny list of {@link AddressRules}, unless an
 * operator opened it with an {@link Allowance} ({@code ironcore.notification.allow-private}, off by default). A
 * metadata address is opened only by an allowance that names that one address.
 *
 * <p>{@link #check} resolves: call it before every connection and connect to the {@link Target}'s checked address
 * itself, so a second resolution (DNS rebinding) cannot change where the connection goes.
 */
public final class EgressPolicy {
    /** Resolves a host name: {@link InetAddress#getAllByName} in production, a table in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * A URL that passed: connect to {@link #address()} on {@link #port()}, and name {@link #host()} (Host header, TLS
     * server name and certificate check).
     */
    public record Target(URI url, String host, int port, boolean https, List<InetAddress> addresses) {
        public InetAddress address() {
            return addresses.get(0);
        }
    }

    private final List<Allowance> allowances;
    private final Resolver resolver;

    private EgressPolicy(List<Allowance> allowances, Resolver resolver) {
        this.allowances = List.copyOf(allowances);
        this.resolver = resolver;
    }

    /** The policy with these allowances (comma-separated, blank or null for none), resolving with the system. */
    public static EgressPolicy of(String allowPrivate) {
        return of(allowPrivate, InetAddress::getAllByName);
    }

    public static EgressPolicy of(String allowPrivate, Resolver resolver) {
        List<Allowance> out = new ArrayList<>();
        if (allowPrivate != null) {
            for (String entry : allowPrivate.split(",")) {
                if (!entry.isBlank()) {
                    out.add(Allowance.parse(entry));
                }
            }
        }
        return new EgressPolicy(out, resolver);
    }

    public static EgressPolicy ofList(List<String> allowPrivate, Resolver resolver) {
        return of(String.join(",", allowPrivate), resolver);
    }

    public List<Allowance> allowances() {
        return allowances;
    }

    /**
     * Checks a URL given as text.
     *
     * @throws EgressRefusedException when it is not allowed (also when it is not a URL)
     * @throws UnknownHostException   when its host name does not resolve now (it may later)
     */
    public Target check(String url) throws UnknownHostException {
        try {
            return check(new URI(url));
        } catch (URISyntaxException e) {
            throw new EgressRefusedException(url, "not a valid URL");
        }
    }

    /** Checks a URL: see {@link #check(String)}. */
    public Target check(URI url) throws UnknownHostException {
        String text = url.toString();
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new EgressRefusedException(text, "scheme must be http or https");
        }
        if (url.isOpaque() || url.getRawAuthority() == null) {
            throw new EgressRefusedException(text, "no host");
        }
        if (url.getRawUserInfo() != null || url.getRawAuthority().indexOf('@') >= 0) {
            throw new EgressRefusedException(text, "user info (credentials) in the URL is not allowed");
        }
        boolean https = scheme.equals("https");
        int port = url.getPort() == -1 ? (https ? 443 : 80) : url.getPort();
        if (port < 1 || port > 65535) {
            throw new EgressRefusedException(text, "port out of range");
        }
        String host = url.getHost();
        if (host == null) {
            // java.net.URI reads "127.1" and "2130706433" as no host at all; resolvers read them as addresses
            String authority = url.getRawAuthority().replaceFirst(":\\d*$", "");
            if (NumericHost.numeric(authority)) {
                numeric(text, authority, port);
            }
            throw new EgressRefusedException(text, "not a valid host name");
        }
        host = host.toLowerCase(Locale.ROOT);
        List<InetAddress> addresses;
        if (host.startsWith("[")) {
            if (host.indexOf('%') >= 0) {
                throw new EgressRefusedException(text, "IPv6 zone ids are not allowed");
            }
            addresses = List.of(InetAddress.getByName(host)); // a literal: no lookup
            check(text, addresses.get(0), port, null);
        } else if (NumericHost.canonical(host)) {
            addresses = List.of(InetAddress.getByName(host));
            check(text, addresses.get(0), port, null);
        } else if (NumericHost.numeric(host)) {
            numeric(text, host, port);
            throw new IllegalStateException("unreachable");
        } else {
            InetAddress[] resolved = resolver.resolve(host);
            if (resolved == null || resolved.length == 0) {
                throw new UnknownHostException(host);
            }
            addresses = List.copyOf(Arrays.asList(resolved));
            for (InetAddress a : addresses) {
                check(text, a, port, host);
            }
        }
        return new Target(url, host, port, https, addresses);
    }

    /** Why this address may not be reached on this port, or empty when it may. */
    public Optional<String> denied(InetAddress address, int port) {
        Optional<String> reason = AddressRules.denied(address);
        if (reason.isEmpty()) {
            return reason;
        }
        boolean metadata = AddressRules.metadata(address);
        for (Allowance a : allowances) {
            if (a.matches(address, port) && (!metadata || a.single())) {
                return Optional.empty();
            }
        }
        return reason;
    }

    private void check(String url, InetAddress address, int port, String name) {
        Optional<String> reason = denied(address, port);
        if (reason.isPresent()) {
            throw new EgressRefusedException(url, name == null ? reason.get()
                    : reason.get() + " (" + name + " resolves to " + address.getHostAddress() + ")");
        }
    }

    /** A host in an inet_aton form: refused, with what it would reach when that is denied too. */
    private void numeric(String url, String host, int port) {
        byte[] decoded = NumericHost.decode(host);
        if (decoded == null) {
            throw new EgressRefusedException(url, "not a valid numeric address");
        }
        InetAddress address = AddressRules.of(decoded);
        Optional<String> reason = AddressRules.denied(address);
        throw new EgressRefusedException(url, reason.map(r -> r + " (" + host + " is " + address.getHostAddress() + ")")
                .orElse("ambiguous numeric host; write the address as " + address.getHostAddress()));
    }
}
