package io.ironcore.egress;

import java.util.regex.Pattern;

/**
 * Host names made of numbers, which resolvers read as IPv4 addresses in the old inet_aton forms: {@code 2130706433},
 * {@code 0x7f000001}, {@code 0177.0.0.1} (octal), {@code 127.1}. Clients disagree on them (glibc reads
 * {@code 0177.0.0.1} as 127.0.0.1, Java as 177.0.0.1), so the policy reads them the way that reaches furthest and
 * refuses them all; only the canonical {@code a.b.c.d} is an address.
 */
final class NumericHost {
    private static final Pattern PART = Pattern.compile("0[xX][0-9a-fA-F]*|\\d+");
    private static final Pattern CANONICAL = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    private NumericHost() {
    }

    static boolean canonical(String host) {
        return CANONICAL.matcher(host).matches();
    }

    /** Whether every label of the host is a number (decimal, octal or hex): a resolver would read an address. */
    static boolean numeric(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (h.isEmpty()) {
            return false;
        }
        for (String label : h.split("\\.", -1)) {
            if (!PART.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** The IPv4 address inet_aton reads, or null if it reads none (too many parts, a part too large). */
    static byte[] decode(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4) {
            return null;
        }
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            try {
                if (p.startsWith("0x") || p.startsWith("0X")) {
                    v[i] = p.length() == 2 ? 0 : Long.parseLong(p.substring(2), 16);
                } else if (p.length() > 1 && p.startsWith("0")) {
                    v[i] = Long.parseLong(p, 8);
                } else {
                    v[i] = Long.parseLong(p);
                }
            } catch (NumberFormatException e) {
                return null; // too long, or 8 and 9 in an octal part
            }
        }
        long value = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (v[i] > 255) {
                return null;
            }
            value |= v[i] << (8 * (3 - i));
        }
        long last = v[parts.length - 1];
        if (last >= 1L << (8 * (4 - (parts.length - 1)))) {
            return null;
        }
        value |= last;
        return new byte[]{(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8), (byte) value};
    }
}
