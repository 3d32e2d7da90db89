package io.ironcore.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * One range an operator opens to egress: an address or CIDR range, optionally with one port. Written
 * {@code 10.0.0.0/8}, {@code 127.0.0.1:8090}, {@code 10.1.0.0/16:443}, {@code fd00::/8}, {@code [::1]:8090} or
 * {@code [fd00::/8]:443}. Addresses only: a host name is refused (what it resolves to can change).
 *
 * @param port the one port opened, or -1 for every port
 */
public record Allowance(String text, byte[] network, int prefix, int port) {
    private static final Pattern V4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    /** Parses one entry; an invalid one is an {@link IllegalArgumentException} that names it. */
    public static Allowance parse(String entry) {
        String s = entry.strip();
        String range;
        String port = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw invalid(entry, "no closing ]");
            }
            range = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw invalid(entry, "expected :port after ]");
                }
                port = rest.substring(1);
            }
        } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            range = s.substring(0, s.indexOf(':'));
            port = s.substring(s.indexOf(':') + 1);
        } else {
            range = s;
        }
        int slash = range.indexOf('/');
        String address = slash < 0 ? range : range.substring(0, slash);
        byte[] bytes = literal(entry, address);
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            prefix = number(entry, range.substring(slash + 1), 0, bytes.length * 8, "prefix length");
        }
        int p = port == null ? -1 : number(entry, port, 1, 65535, "port");
        return new Allowance(s, mask(bytes, prefix), prefix, p);
    }

    /** Whether this entry opens that address at that port. */
    public boolean matches(InetAddress address, int port) {
        byte[] a = address.getAddress();
        if (a.length != network.length || this.port >= 0 && this.port != port) {
            return false;
        }
        byte[] masked = mask(a, prefix);
        return Arrays.equals(masked, network);
    }

    /** Whether this entry names one address alone (only such an entry opens a metadata address). */
    public boolean single() {
        return prefix == network.length * 8;
    }

    @Override
    public String toString() {
        return text;
    }

    private static byte[] literal(String entry, String address) {
        if (!V4.matcher(address).matches() && (address.indexOf(':') < 0 || address.indexOf('%') >= 0)) {
            throw invalid(entry, "not an IP address or CIDR range");
        }
        try {
            return InetAddress.getByName(address).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw invalid(entry, "not an IP address or CIDR range");
        }
    }

    private static int number(String entry, String text, int min, int max, String what) {
        if (!text.matches("\\d{1,5}")) {
            throw invalid(entry, "invalid " + what);
        }
        int n = Integer.parseInt(text);
        if (n < min || n > max) {
            throw invalid(entry, what + " out of range");
        }
        return n;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff00 >> bits));
        }
        return out;
    }

    private static IllegalArgumentException invalid(String entry, String why) {
        return new IllegalArgumentException("ironcore.notification.allow-private: '" + entry + "': " + why);
    }
}
