package dev.orbital.relay.membership;

import static dev.orbital.relay.server.TestClients.HELLO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbital.protocol.relay.RelayFrameCodec;
import dev.orbital.relay.server.RefusalReason;
import dev.orbital.relay.server.RelayEndpoint;
import dev.orbital.relay.server.RelayMetrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HexFormat;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(MembersPolicyProfile.class)
class MembersKafkaTest {

  static final long NETWORK = 0x8056c2e21c000001L;
  static final long ROOT = 0xe7745d5aa3L;
  static final long EARLY_MEMBER = 0x3a77b41ec3L;
  static final long FORMER_MEMBER = 0x1f2e3d4c5bL;
  static final long NEW_MEMBER = 0x0badc0ffeeL;
  static final long STRANGER = 0xa4c90e16e5L;

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final int NOT_RELAYED_MILLIS = 300;

  @Inject RelayEndpoint endpoint;
  @Inject RelayMetrics metrics;
  @Inject MemberRelayPolicy policy;
  @Inject MembersTopicFollower follower;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrap;

  private DatagramSocket peer;
  private Socket client;

  @BeforeEach
  void connect() throws Exception {
    await().atMost(WAIT).until(follower::caughtUp);
    peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    client = new Socket(InetAddress.getLoopbackAddress(), endpoint.port());
    client.getOutputStream().write(HELLO);
  }

  @AfterEach
  void close() throws Exception {
    client.close();
    peer.close();
  }

  @Test
  void shouldRelayMembersKnownBeforeStartAndRefuseTheDeauthorizedOne() throws Exception {
    double refusedBefore = metrics.refusals(RefusalReason.POLICY);

    assertThat(relayed(packet(STRANGER, EARLY_MEMBER))).isTrue();
    assertThat(relayed(packet(STRANGER, FORMER_MEMBER))).isFalse();
    assertThat(relayed(packet(EARLY_MEMBER, STRANGER))).isFalse();

    await().atMost(WAIT).until(() -> metrics.refusals(RefusalReason.POLICY) == refusedBefore + 2);
  }

  @Test
  void shouldRelayNewMemberUntilTheControllerDeauthorizesIt() throws Exception {
    try (KafkaProducer<String, byte[]> producer = SeededMembersKafka.producer(bootstrap)) {
      SeededMembersKafka.write(producer, NEW_MEMBER, true);
      await().atMost(WAIT).until(() -> policy.isMember(NEW_MEMBER));
      assertThat(relayed(packet(STRANGER, NEW_MEMBER))).isTrue();

      double refusedBefore = metrics.refusals(RefusalReason.POLICY);
      SeededMembersKafka.write(producer, NEW_MEMBER, false);
      await().atMost(WAIT).until(() -> !policy.isMember(NEW_MEMBER));

      assertThat(relayed(packet(STRANGER, NEW_MEMBER))).isFalse();
      await().atMost(WAIT).until(() -> metrics.refusals(RefusalReason.POLICY) == refusedBefore + 1);
    }
  }

  @Test
  void shouldRelayStrangersToAndFromTheConfiguredRoot() throws Exception {
    assertThat(relayed(packet(ROOT, STRANGER))).isTrue();
    assertThat(relayed(packet(STRANGER, ROOT))).isTrue();
  }

  @Test
  void shouldReportMembersReadyAndCountThem() {
    RestAssured.get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'relay-members' }.status", Matchers.equalTo("UP"));
    RestAssured.get("/q/metrics")
        .then()
        .statusCode(200)
        .body(Matchers.containsString("orbital_relay_membership_members"));
  }

  /** Sends {@code datagram} through the relay to the peer; true if the peer received it. */
  private boolean relayed(byte[] datagram) throws Exception {
    InetSocketAddress to = (InetSocketAddress) peer.getLocalSocketAddress();
    client
        .getOutputStream()
        .write(RelayFrameCodec.encodeDatagram(to, datagram, 0, datagram.length));
    peer.setSoTimeout(NOT_RELAYED_MILLIS);
    DatagramPacket received = new DatagramPacket(new byte[2048], 2048);
    try {
      peer.receive(received);
      return received.getLength() == datagram.length;
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  /** A ZeroTier packet header (and a verb) from {@code from} to {@code to}. */
  private static byte[] packet(long to, long from) {
    return HexFormat.of()
        .parseHex(
            "0102030405060708" // packet ID
                + String.format("%010x", to) // destination
                + String.format("%010x", from) // source
                + "00" // flags
                + "0000000000000000" // MAC
                + "08"); // verb ECHO
  }
}
