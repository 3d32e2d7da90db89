package io.ironcore.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The deny list: which addresses a tenant's URL may not reach, and why. IPv4: this network and unspecified (0/8),
 * loopback (127/8), link-local (169.254/16), private (10/8, 172.16/12, 192.168/16), shared address space (CGNAT,
 * 100.64/10), IETF protocol assignments (192.0.0/24), benchmarking (198.18/15), multicast (224/4), reserved (240/4)
 * and broadcast; the cloud metadata addresses 169.254.169.254 and 100.100.100.200. IPv6: unspecified, loopback,
 * link-local (fe80::/10), site-local (fec0::/10), unique-local (fc00::/7), multicast (ff00::/8), discard-only
 * (100::/64), the metadata address fd00:ec2::254, and every form that embeds an IPv4 address (mapped
 * {@code ::ffff:0:0/96}, compatible {@code ::/96}, NAT64 {@code 64:ff9b::/96} and {@code 64:ff9b:1::/48}, 6to4
 * {@code 2002::/16}, Teredo {@code 2001::/32}), judged by the address it embeds.
 */
public final class AddressRules {
    public static final String LOOPBACK = "loopback address";
    public static final String UNSPECIFIED = "unspecified address";
    public static final String LINK_LOCAL = "link-local address";
    public static final String PRIVATE = "private address";
    public static final String CGNAT = "shared address space (CGNAT)";
    public static final String UNIQUE_LOCAL = "unique-local address";
    public static final String MULTICAST = "multicast address";
    public static final String BROADCAST = "broadcast address";
    public static final String METADATA = "cloud metadata address";
    public static final String RESERVED = "reserved address";

    private AddressRules() {
    }

    /** Why this address is denied, or empty when it is a public unicast address. */
    public static Optional<String> denied(InetAddress address) {
        byte[] b = address.getAddress();
        return Optional.ofNullable(b.length == 4 ? v4(b) : v6(b));
    }

    /** Whether the address is one of the cloud metadata addresses (opened only by an allowance naming it alone). */
    public static boolean metadata(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 16) {
            byte[] embedded = embeddedV4(b);
            if (embedded == null) {
                return METADATA.equals(v6(b));
            }
            b = embedded;
        }
        return METADATA.equals(v4(b));
    }

    private static String v4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        int a3 = b[3] & 0xff;
        if (a0 == 169 && a1 == 254 && a2 == 169 && a3 == 254 || a0 == 100 && a1 == 100 && a2 == 100 && a3 == 200) {
            return METADATA;
        }
        if (a0 == 0) {
            return UNSPECIFIED;
        }
        if (a0 == 127) {
            return LOOPBACK;
        }
        if (a0 == 169 && a1 == 254) {
            return LINK_LOCAL;
        }
        if (a0 == 10 || a0 == 172 && (a1 & 0xf0) == 16 || a0 == 192 && a1 == 168) {
            return PRIVATE;
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return CGNAT;
        }
        if (a0 == 255 && a1 == 255 && a2 == 255 && a3 == 255) {
            return BROADCAST;
        }
        if (a0 >= 224 && a0 <= 239) {
            return MULTICAST;
        }
        if (a0 >= 240 || a0 == 192 && a1 == 0 && a2 == 0 || a0 == 198 && (a1 & 0xfe) == 18) {
            return RESERVED;
        }
        return null;
    }

    private static String v6(byte[] b) {
        byte[] embedded = embeddedV4(b);
        if (embedded != null) {
            String inner = v4(embedded);
            return inner == null ? null : inner + " (embedded in an " + form(b) + " IPv6 address)";
        }
        if (allZero(b, 0, 16)) {
            return UNSPECIFIED;
        }
        if (allZero(b, 0, 15) && b[15] == 1) {
            return LOOPBACK;
        }
        int w0 = (b[0] & 0xff) << 8 | b[1] & 0xff;
        if (w0 == 0xfd00 && b[2] == 0x0e && b[3] == (byte) 0xc2 && allZero(b, 4, 14) && b[14] == 0x02
                && b[15] == 0x54) {
            return METADATA;
        }
        if ((w0 & 0xffc0) == 0xfe80) {
            return LINK_LOCAL;
        }
        if ((w0 & 0xffc0) == 0xfec0) {
            return PRIVATE;
        }
        if ((w0 & 0xfe00) == 0xfc00) {
            return UNIQUE_LOCAL;
        }
        if ((w0 & 0xff00) == 0xff00) {
            return MULTICAST;
        }
        if (w0 == 0x0100 && allZero(b, 2, 8)) {
            return RESERVED; // discard-only 100::/64
        }
        if (w0 == 0x0064 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && b[4] == 0 && b[5] == 1) {
            return RESERVED + " (local-use NAT64 64:ff9b:1::/48)";
        }
        if (allZero(b, 0, 10) && (b[10] != 0 || b[11] != 0)) {
            return RESERVED; // ::/80 other than the mapped and compatible forms
        }
        return null;
    }

    /** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4, Teredo client), or null. */
    static byte[] embeddedV4(byte[] b) {
        if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return slice(b, 12); // ::ffff:a.b.c.d
        }
        if (allZero(b, 0, 12) && !(allZero(b, 12, 15) && (b[15] == 0 || b[15] == 1))) {
            return slice(b, 12); // ::a.b.c.d (not :: or ::1)
        }
        if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && allZero(b, 4, 12)) {
            return slice(b, 12); // 64:ff9b::a.b.c.d
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return new byte[]{b[2], b[3], b[4], b[5]}; // 2002:aabb:ccdd::
        }
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0) {
            byte[] client = slice(b, 12); // Teredo: the client's address, inverted
            for (int i = 0; i < 4; i++) {
                client[i] = (byte) ~client[i];
            }
            return client;
        }
        return null;
    }

    private static String form(byte[] b) {
        if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff) {
            return "IPv4-mapped";
        }
        if (allZero(b, 0, 12)) {
            return "IPv4-compatible";
        }
        if (b[0] == 0x20 && b[1] == 0x02) {
            return "6to4";
        }
        if (b[0] == 0x20 && b[1] == 0x01) {
            return "Teredo";
        }
        return "NAT64";
    }

    private static byte[] slice(byte[] b, int from) {
        return new byte[]{b[from], b[from + 1], b[from + 2], b[from + 3]};
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** An address from its bytes (no lookup). */
    static InetAddress of(byte[] b) {
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
