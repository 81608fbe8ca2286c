package dev.orbital.node.tap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.MacAddress;
import dev.orbital.protocol.netconf.NetworkAddresses;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real TAP devices, each in a network namespace of its own. */
class TapDeviceTest {

  private static final long NETWORK_ID = 0x8056c2e21c000001L;
  private static final Address MEMBER = Address.parse("3a77b41ec3");

  private NetworkNamespace ns;
  private TapDevice tap;
  private final String name = "orbt" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void requireTapSupport() {
    NetworkNamespace.requireTapSupport();
  }

  @BeforeEach
  void createNamespace() throws Exception {
    ns = NetworkNamespace.create();
  }

  @AfterEach
  void cleanUp() throws Exception {
    try {
      if (tap != null) {
        tap.close();
      }
    } finally {
      ns.close();
    }
  }

  @Test
  void shouldCreateTapInterfaceWithRequestedNameAndRemoveItOnClose() throws Exception {
    tap = ns.call(() -> TapDevice.open(name));

    assertThat(tap.name()).isEqualTo(name);
    JsonNode link = ns.ipJson("-d", "link", "show", "dev", name).get(0);
    assertThat(link.path("link_type").asText()).isEqualTo("ether");
    assertThat(link.path("linkinfo").path("info_kind").asText()).isEqualTo("tun");
    assertThat(link.path("linkinfo").path("info_data").path("type").asText()).isEqualTo("tap");
    assertThat(link.path("linkinfo").path("info_data").path("pi").asBoolean(true)).isFalse();

    tap.close();

    assertThat(ns.hasLink(name)).isFalse();
    assertThat(tap.isClosed()).isTrue();
  }

  @Test
  void shouldSetMemberMacMtuAndUpThroughIoctls() throws Exception {
    MacAddress mac = NetworkAddresses.memberMac(NETWORK_ID, MEMBER);
    tap = ns.call(() -> TapDevice.open(name));

    tap.setMac(mac);
    tap.setMtu(2800);
    tap.setUp(true);

    JsonNode link = ns.ipJson("link", "show", "dev", name).get(0);
    assertThat(link.path("address").asText()).isEqualTo(mac.toString());
    assertThat(link.path("mtu").asInt()).isEqualTo(2800);
    assertThat(link.path("flags").toString()).contains("\"UP\"");
    assertThat(tap.mac()).isEqualTo(mac);

    tap.setUp(false);

    assertThat(ns.ipJson("link", "show", "dev", name).get(0).path("flags").toString())
        .doesNotContain("\"UP\"");
  }

  @Test
  void shouldGetAnArpReplyFromTheKernelForAFrameWrittenToTheTap() throws Exception {
    MacAddress mac = NetworkAddresses.memberMac(NETWORK_ID, MEMBER);
    tap = ns.call(() -> TapDevice.open(name));
    ns.call(
        () -> {
          new TapConfigurator(tap)
              .apply(
                  new TapState(
                      mac,
                      2800,
                      Set.of(CidrAddress.parse("10.77.0.1/24")),
                      Set.of(Route.onLink(CidrAddress.parse("10.77.0.0/24")))));
          return null;
        });
    CompletableFuture<byte[]> reply = CompletableFuture.supplyAsync(() -> readArpReply(tap));

    byte[] request =
        HexFormat.of()
            .parseHex(
                String.join(
                    "",
                    "ffffffffffff", // Ethernet destination: broadcast
                    "020000000099", // Ethernet source: a peer's MAC
                    "0806", // EtherType: ARP
                    "0001", // hardware type: Ethernet
                    "0800", // protocol type: IPv4
                    "06", // hardware address length
                    "04", // protocol address length
                    "0001", // operation: request
                    "020000000099", // sender MAC
                    "0a4d0002", // sender IP 10.77.0.2
                    "000000000000", // target MAC: unknown
                    "0a4d0001")); // target IP 10.77.0.1, the TAP's own
    tap.write(request, 0, request.length);

    byte[] frame = reply.get(10, TimeUnit.SECONDS);
    String expected =
        String.join(
            "",
            "020000000099", // Ethernet destination: the asking peer
            mac.toString().replace(":", ""), // Ethernet source: the TAP's member MAC
            "0806", // EtherType: ARP
            "0001", // hardware type: Ethernet
            "0800", // protocol type: IPv4
            "06", // hardware address length
            "04", // protocol address length
            "0002", // operation: reply
            mac.toString().replace(":", ""), // sender MAC: the TAP's
            "0a4d0001", // sender IP 10.77.0.1
            "020000000099", // target MAC: the asking peer
            "0a4d0002"); // target IP 10.77.0.2
    assertThat(HexFormat.of().formatHex(frame, 0, 42)).isEqualTo(expected);
  }

  @Test
  void shouldWakeABlockedReaderAndRemoveTheInterfaceOnClose() throws Exception {
    tap = ns.call(() -> TapDevice.open(name));
    CompletableFuture<Integer> read =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return tap.read(new byte[2000], 0, 2000);
              } catch (TapException e) {
                throw new IllegalStateException(e);
              }
            });

    tap.close();

    assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(-1);
    assertThat(ns.hasLink(name)).isFalse();
  }

  @Test
  void shouldNameTheInterfaceAndTheOperationWhenTheKernelRefuses() throws Exception {
    tap = ns.call(() -> TapDevice.open(name));

    assertThatThrownBy(() -> tap.setMtu(10))
        .isInstanceOf(TapException.class)
        .hasMessageStartingWith(name + ": ioctl SIOCSIFMTU 10 failed: ")
        .hasMessageContaining("errno 22");
    assertThatThrownBy(() -> tap.setMac(new MacAddress(0x0100_0000_0001L)))
        .isInstanceOf(TapException.class)
        .hasMessageStartingWith(name + ": ioctl SIOCSIFHWADDR 01:00:00:00:00:01 failed: ");
  }

  @Test
  void shouldNeverTakeOverAnExistingInterface() throws Exception {
    tap = ns.call(() -> TapDevice.open(name));

    assertThatThrownBy(() -> ns.call(() -> TapDevice.open(name)))
        .isInstanceOf(TapException.class)
        .hasMessage(name + ": create TAP failed: an interface of that name already exists");
    assertThatThrownBy(() -> ns.call(() -> TapDevice.open("lo")))
        .isInstanceOf(TapException.class)
        .hasMessage("lo: create TAP failed: an interface of that name already exists");
    assertThat(ns.hasLink(name)).isTrue();
  }

  @Test
  void shouldRefuseAnInvalidInterfaceNameBeforeTouchingTheKernel() {
    for (String bad : List.of("", "sixteen-chars-xx", "a/b", "a b", ".hidden")) {
      assertThatThrownBy(() -> TapDevice.open(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("interface name");
    }
  }

  @Test
  void shouldRefuseWritesAfterClose() throws Exception {
    tap = ns.call(() -> TapDevice.open(name));
    tap.close();

    assertThatThrownBy(() -> tap.write(new byte[60], 0, 60))
        .isInstanceOf(TapException.class)
        .hasMessage(name + ": write failed: device closed");
  }

  /** Reads frames until an ARP reply (the kernel also sends IPv6 neighbour discovery and MLD). */
  private static byte[] readArpReply(TapDevice tap) {
    byte[] buf = new byte[TapDevice.MAX_FRAME_LENGTH];
    try {
      while (true) {
        int n = tap.read(buf, 0, buf.length);
        if (n < 0) {
          throw new IllegalStateException("device closed before an ARP reply");
        }
        boolean arpReply = n >= 42 && buf[12] == 0x08 && buf[13] == 0x06 && buf[21] == 2;
        if (arpReply) {
          return Arrays.copyOf(buf, n);
        }
      }
    } catch (TapException e) {
      throw new IllegalStateException(e);
    }
  }
}
