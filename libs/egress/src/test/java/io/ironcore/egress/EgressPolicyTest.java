package io.ironcore.egress;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The egress policy's table: every form of an inside address, the names that resolve to one, and the allowances. */
class EgressPolicyTest {
    /** A resolver from a table: no DNS in a unit test. */
    static final EgressPolicy.Resolver TABLE = host -> {
        Map<String, InetAddress[]> t = Map.of(
                "localhost", addresses("127.0.0.1"),
                "public.test", addresses("93.184.216.34"),
                "mixed.test", addresses("93.184.216.34", "10.0.0.5"),
                "v6.test", addresses("::1"),
                "metadata.test", addresses("169.254.169.254"),
                "mapped.test", new InetAddress[]{mapped(127, 0, 0, 1)});
        InetAddress[] a = t.get(host);
        if (a == null) {
            throw new UnknownHostException(host);
        }
        return a;
    };

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            http://169.254.169.254/latest/meta-data/ | cloud metadata address
            http://100.100.100.200/                  | cloud metadata address
            http://[fd00:ec2::254]/                  | cloud metadata address
            http://127.0.0.1:15432/                  | loopback address
            http://127.255.255.254/                  | loopback address
            http://[::1]:8085/                       | loopback address
            http://0x7f000001:19092/                 | loopback address (0x7f000001 is 127.0.0.1)
            http://2130706433/                       | loopback address (2130706433 is 127.0.0.1)
            http://0177.0.0.1/                       | loopback address (0177.0.0.1 is 127.0.0.1)
            http://017700000001/                     | loopback address (017700000001 is 127.0.0.1)
            http://127.1/                            | loopback address (127.1 is 127.0.0.1)
            http://0x7f.1:80/                        | loopback address (0x7f.1 is 127.0.0.1)
            http://0xa9fea9fe/                       | cloud metadata address (0xa9fea9fe is 169.254.169.254)
            http://0x08080808/                       | ambiguous numeric host; write the address as 8.8.8.8
            http://1.2.3.4.5/                        | not a valid numeric address
            http://256.1.1.1/                        | not a valid numeric address
            http://[::ffff:127.0.0.1]/               | loopback address
            http://[::ffff:7f00:1]/                  | loopback address
            http://[::ffff:169.254.169.254]/         | cloud metadata address
            http://[::127.0.0.1]/                    | loopback address (embedded in an IPv4-compatible IPv6 address)
            http://[::a00:1]/                        | private address (embedded in an IPv4-compatible IPv6 address)
            http://[64:ff9b::a9fe:a9fe]/             | cloud metadata address (embedded in an NAT64 IPv6 address)
            http://[64:ff9b::7f00:1]/                | loopback address (embedded in an NAT64 IPv6 address)
            http://[64:ff9b:1::1]/                   | reserved address (local-use NAT64 64:ff9b:1::/48)
            http://[2002:7f00:1::]/                  | loopback address (embedded in an 6to4 IPv6 address)
            http://[2002:c0a8:101::1]/               | private address (embedded in an 6to4 IPv6 address)
            http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/ | loopback address (embedded in an Teredo IPv6 address)
            http://[fe80::1%25eth0]/                 | IPv6 zone ids are not allowed
            http://[fe80::1]/                        | link-local address
            http://[febf::1]/                        | link-local address
            http://[fec0::1]/                        | private address
            http://[fc00::1]/                        | unique-local address
            http://[fd12:3456::1]/                   | unique-local address
            http://[ff02::1]/                        | multicast address
            http://[::]/                             | unspecified address
            http://[100::1]/                         | reserved address
            http://0.0.0.0/                          | unspecified address
            http://0.1.2.3/                          | unspecified address
            http://0/                                | unspecified address (0 is 0.0.0.0)
            http://10.1.2.3/                         | private address
            http://172.16.0.1/                       | private address
            http://172.31.255.255/                   | private address
            http://192.168.1.1/                      | private address
            http://100.64.0.1/                       | shared address space (CGNAT)
            http://100.127.255.255/                  | shared address space (CGNAT)
            http://169.254.1.1/                      | link-local address
            http://224.0.0.1/                        | multicast address
            http://239.255.255.250/                  | multicast address
            http://255.255.255.255/                  | broadcast address
            http://240.0.0.1/                        | reserved address
            http://192.0.0.8/                        | reserved address
            http://198.18.0.1/                       | reserved address
            http://localhost:8080/api/v1/jobs        | loopback address (localhost resolves to 127.0.0.1)
            http://LocalHost:8080/                   | loopback address (localhost resolves to 127.0.0.1)
            http://v6.test/                          | loopback address (v6.test resolves to 0:0:0:0:0:0:0:1)
            http://mixed.test/                       | private address (mixed.test resolves to 10.0.0.5)
            http://metadata.test/                    | cloud metadata address (metadata.test resolves to 169.254.169.254)
            http://mapped.test/                      | loopback address (embedded in an IPv4-mapped IPv6 address) (mapped.test resolves to 0:0:0:0:0:ffff:7f00:1)
            ftp://public.test/x                      | scheme must be http or https
            file:///etc/passwd                       | scheme must be http or https
            gopher://public.test/                    | scheme must be http or https
            jar:http://public.test/x!/               | scheme must be http or https
            /relative/path                           | scheme must be http or https
            http:public.test                         | no host
            http:///path                             | no host
            http://user:pass@public.test/            | user info (credentials) in the URL is not allowed
            http://public.test@127.0.0.1/            | user info (credentials) in the URL is not allowed
            http://a_b.test/                         | not a valid host name
            http://public.test:0/                    | port out of range
            http://public.test:65536/                | port out of range
            http://public test/                      | not a valid URL
            """)
    void refused(String url, String reason) {
        EgressPolicy policy = EgressPolicy.of("", TABLE);
        assertThatThrownBy(() -> policy.check(url))
                .isInstanceOfSatisfying(EgressRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).isEqualTo(url + " is not allowed: " + reason);
                    assertThat(e.getStackTrace()).isEmpty();
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            http://93.184.216.34/hook         | 93.184.216.34 | 80
            https://public.test/hook?a=1      | 93.184.216.34 | 443
            HTTPS://PUBLIC.TEST:8443/         | 93.184.216.34 | 8443
            http://172.32.0.1/                | 172.32.0.1    | 80
            http://100.128.0.1/               | 100.128.0.1   | 80
            http://[2606:4700::1111]/         | 2606:4700:0:0:0:0:0:1111 | 80
            http://[2001:db8::1]/             | 2001:db8:0:0:0:0:0:1 | 80
            """)
    void allowed(String url, String address, int port) throws Exception {
        EgressPolicy.Target t = EgressPolicy.of(null, TABLE).check(url);
        assertThat(t.address().getHostAddress()).isEqualTo(address);
        assertThat(t.port()).isEqualTo(port);
    }

    @ParameterizedTest(name = "allow {0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1:8090,127.0.0.1:8025 | http://127.0.0.1:8090/hooks   | ok
            127.0.0.1:8090,127.0.0.1:8025 | http://127.0.0.1:8025/        | ok
            127.0.0.1:8090,127.0.0.1:8025 | http://localhost:8090/        | ok
            127.0.0.1:8090,127.0.0.1:8025 | http://127.0.0.1:8091/        | loopback address
            127.0.0.1:8090,127.0.0.1:8025 | http://127.0.0.1/             | loopback address
            127.0.0.1:8090,127.0.0.1:8025 | http://127.0.0.2:8090/        | loopback address
            127.0.0.1:8090,127.0.0.1:8025 | http://[::1]:8090/            | loopback address
            127.0.0.1:8090,127.0.0.1:8025 | http://127.1:8090/            | loopback address (127.1 is 127.0.0.1)
            127.0.0.1:8090,127.0.0.1:8025 | http://10.0.0.1:8090/         | private address
            10.0.0.0/8                    | http://10.9.9.9:1234/         | ok
            10.0.0.0/8                    | http://mixed.test/            | ok
            10.0.0.0/8                    | http://172.16.0.1/            | private address
            10.0.0.0/8                    | http://11.0.0.1/              | ok
            ' 10.0.0.0/8 , 192.168.0.0/16 '| http://192.168.4.4/           | ok
            10.0.0.0/8:443                | https://10.1.1.1/             | ok
            10.0.0.0/8:443                | http://10.1.1.1/              | private address
            10.1.2.3/8                    | http://10.200.0.1/            | ok
            169.254.0.0/16                | http://169.254.1.1/           | ok
            169.254.0.0/16                | http://169.254.169.254/       | cloud metadata address
            169.254.169.254               | http://169.254.169.254/       | ok
            0.0.0.0/0                     | http://metadata.test/         | cloud metadata address (metadata.test resolves to 169.254.169.254)
            [fd00::/8]:443                | https://[fd12::1]/            | ok
            [fd00::/8]:443                | http://[fd12::1]/             | unique-local address
            ::1                           | http://[::1]:5/               | ok
            [::1]:8090                    | http://v6.test:8090/          | ok
            [::1]:8090                    | http://localhost:8090/        | loopback address (localhost resolves to 127.0.0.1)
            """)
    void allowances(String allow, String url, String expected) {
        EgressPolicy policy = EgressPolicy.of(allow, TABLE);
        if (expected.equals("ok")) {
            assertThatCode(policy, url);
        } else {
            assertThatThrownBy(() -> policy.check(url)).isInstanceOf(EgressRefusedException.class)
                    .hasMessage(url + " is not allowed: " + expected);
        }
    }

    private static void assertThatCode(EgressPolicy policy, String url) {
        try {
            assertThat(policy.check(url).url().toString()).isEqualTo(url);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"localhost:8090", "example.org", "10.0.0.0/33", "127.0.0.1:0", "127.0.0.1:99999",
            "127.0.0.1:", "[::1", "[::1]8090", "fe80::1%eth0", "0x7f000001", "127.1", "10.0.0.0/x", "::1/129"})
    void anInvalidAllowanceIsRefusedNamingIt(String entry) {
        assertThatThrownBy(() -> EgressPolicy.of("10.0.0.0/8," + entry, TABLE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ironcore.notification.allow-private: '" + entry + "': ");
    }

    @Test
    void aNameThatDoesNotResolveIsUnknownNotRefused() {
        assertThatThrownBy(() -> EgressPolicy.of("", TABLE).check("https://nowhere.test/hook"))
                .isInstanceOf(UnknownHostException.class);
    }

    @Test
    void everyCheckResolvesAgainSoARebindingToLoopbackIsRefusedAtTheNextCheck() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        EgressPolicy policy = EgressPolicy.of("", host -> lookups.incrementAndGet() == 1
                ? addresses("93.184.216.34") : addresses("127.0.0.1"));
        assertThat(policy.check("http://rebind.test/hook").address().getHostAddress()).isEqualTo("93.184.216.34");
        assertThatThrownBy(() -> policy.check("http://rebind.test/hook"))
                .hasMessage("http://rebind.test/hook is not allowed: loopback address (rebind.test resolves to 127.0.0.1)");
        assertThat(lookups).hasValue(2);
    }

    @Test
    void theTargetKeepsTheHostForTheHostHeaderAndEveryCheckedAddress() throws Exception {
        EgressPolicy.Target t = EgressPolicy.of("10.0.0.0/8", TABLE).check("https://mixed.test:8443/a");
        assertThat(t.host()).isEqualTo("mixed.test");
        assertThat(t.https()).isTrue();
        assertThat(t.addresses()).extracting(InetAddress::getHostAddress).containsExactly("93.184.216.34", "10.0.0.5");
    }

    static InetAddress[] addresses(String... literals) {
        InetAddress[] out = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) {
            try {
                out[i] = InetAddress.getByName(literals[i]);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }
        return out;
    }

    /** An IPv4-mapped IPv6 address kept as an Inet6Address (what a resolver could hand back). */
    static InetAddress mapped(int a, int b, int c, int d) {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        bytes[12] = (byte) a;
        bytes[13] = (byte) b;
        bytes[14] = (byte) c;
        bytes[15] = (byte) d;
        try {
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
