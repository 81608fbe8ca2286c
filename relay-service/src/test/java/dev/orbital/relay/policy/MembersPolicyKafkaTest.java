package dev.orbital.relay.policy;

import static dev.orbital.relay.policy.TestPackets.fragment;
import static dev.orbital.relay.policy.TestPackets.packet;
import static dev.orbital.relay.server.TestClients.HELLO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbital.protocol.relay.RelayFrameCodec;
import dev.orbital.protocol.relay.RelayStreamDecoder;
import dev.orbital.relay.directory.DirectoryFollower;
import dev.orbital.relay.directory.RelayDirectory;
import dev.orbital.relay.server.RefusalReason;
import dev.orbital.relay.server.RelayEndpoint;
import dev.orbital.relay.server.RelayMetrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code members} policy in the running relay against a real broker seeded with the
 * controller's and a root's records: UDP sockets on loopback stand for the root (which answers),
 * the controller and the members at the paths the root reported.
 */
@QuarkusTest
@TestProfile(MembersPolicyProfile.class)
class MembersPolicyKafkaTest {

  static final long CONTROLLER = 0x8056c2e21cL;
  static final long NETWORK = (CONTROLLER << 24) | 0x000001;
  static final long EARLY_MEMBER = 0x3a77b41ec3L;
  static final long OTHER_MEMBER = 0x0badc0ffeeL;
  static final long FORMER_MEMBER = 0x1f2e3d4c5bL;
  static final long NEWCOMER = 0xa4c90e16e5L;

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Inject RelayEndpoint endpoint;
  @Inject RelayMetrics metrics;
  @Inject RelayDirectory directory;
  @Inject DirectoryFollower follower;

  SeededDirectoryKafka.Parties parties;

  private Socket client;
  private DatagramSocket listener;

  @BeforeEach
  void connect() throws Exception {
    await().atMost(WAIT).until(follower::caughtUp);
    listener = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
    listener.setSoTimeout(300);
    for (DatagramSocket party : parties()) {
      drain(party);
    }
    client = new Socket(InetAddress.getLoopbackAddress(), endpoint.port());
    client.setSoTimeout((int) WAIT.toMillis());
    client.getOutputStream().write(HELLO);
  }

  @AfterEach
  void close() throws Exception {
    client.close();
    listener.close();
  }

  @Test
  void shouldRelayANewcomerToTheRootAndTheControllerAndNowhereElse() throws Exception {
    assertThat(relayed(parties.root(), packet(parties.rootAddress(), NEWCOMER))).isTrue();
    assertThat(relayed(parties.root(), packet(CONTROLLER, NEWCOMER))).isTrue();
    assertThat(relayed(parties.controller(), packet(CONTROLLER, NEWCOMER))).isTrue();

    double notMember = metrics.refusals(RefusalReason.NOT_MEMBER);
    double wrongDestination = metrics.refusals(RefusalReason.WRONG_DESTINATION);
    double unknown = metrics.refusals(RefusalReason.UNKNOWN_ENDPOINT);
    assertThat(relayed(parties.earlyMember(), packet(EARLY_MEMBER, NEWCOMER))).isFalse();
    assertThat(relayed(parties.earlyMember(), packet(EARLY_MEMBER, parties.rootAddress())))
        .as("spoofed as the root")
        .isFalse();
    assertThat(relayed(parties.root(), packet(EARLY_MEMBER, NEWCOMER))).isFalse();
    assertThat(relayed(listener, packet(parties.rootAddress(), NEWCOMER))).isFalse();
    assertThat(relayed(listener, fragment(parties.rootAddress()))).isFalse();

    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              assertThat(metrics.refusals(RefusalReason.NOT_MEMBER)).isEqualTo(notMember + 2);
              assertThat(metrics.refusals(RefusalReason.WRONG_DESTINATION))
                  .isEqualTo(wrongDestination + 1);
              assertThat(metrics.refusals(RefusalReason.UNKNOWN_ENDPOINT)).isEqualTo(unknown + 2);
            });
  }

  @Test
  void shouldRelayAMemberToMembersOnceTheRootHasAnsweredIt() throws Exception {
    verifyAs(EARLY_MEMBER);

    assertThat(relayed(parties.otherMember(), packet(OTHER_MEMBER, EARLY_MEMBER))).isTrue();
    assertThat(relayed(parties.otherMember(), fragment(OTHER_MEMBER))).isTrue();
    assertThat(relayed(parties.root(), packet(OTHER_MEMBER, EARLY_MEMBER))).isTrue();

    double spoofed = metrics.refusals(RefusalReason.SPOOFED_SOURCE);
    assertThat(relayed(parties.otherMember(), packet(OTHER_MEMBER, OTHER_MEMBER))).isFalse();
    assertThat(relayed(parties.formerMember(), packet(FORMER_MEMBER, EARLY_MEMBER)))
        .as("no longer a member")
        .isFalse();
    assertThat(relayed(listener, packet(parties.rootAddress(), EARLY_MEMBER))).isFalse();
    await().atMost(WAIT).until(() -> metrics.refusals(RefusalReason.SPOOFED_SOURCE) == spoofed + 1);
  }

  @Test
  void shouldStopRelayingToAMemberOnceTheControllerDeauthorizesIt() throws Exception {
    verifyAs(EARLY_MEMBER);
    try (KafkaProducer<String, byte[]> producer =
        SeededDirectoryKafka.producer(parties.broker().bootstrapServers())) {
      SeededDirectoryKafka.member(producer, OTHER_MEMBER, false);
      await().atMost(WAIT).until(() -> !directory.isMember(OTHER_MEMBER));

      assertThat(relayed(parties.otherMember(), packet(OTHER_MEMBER, EARLY_MEMBER))).isFalse();

      SeededDirectoryKafka.member(producer, OTHER_MEMBER, true);
      await().atMost(WAIT).until(() -> directory.isMember(OTHER_MEMBER));
      assertThat(relayed(parties.otherMember(), packet(OTHER_MEMBER, EARLY_MEMBER))).isTrue();
    }
  }

  @Test
  void shouldBeReadyOnlyWhileKafkaAnswers() {
    RestAssured.get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'relay-members' }.status", Matchers.equalTo("UP"));

    parties.broker().stop();
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  RestAssured.get("/q/health/ready")
                      .then()
                      .statusCode(503)
                      .body(
                          "checks.find { it.name == 'relay-members' }.data.kafka-reachable",
                          Matchers.equalTo(false)));
    } finally {
      parties.broker().restart();
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> RestAssured.get("/q/health/ready").then().statusCode(200));
  }

  @Test
  void shouldExposeTheDirectoryAndRefusalsToPrometheus() throws Exception {
    relayed(listener, packet(parties.rootAddress(), NEWCOMER));
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                RestAssured.given()
                    .header("X-ZT1-Auth", "relay-test-token")
                    .get("/q/metrics")
                    .then()
                    .statusCode(200)
                    .body(
                        Matchers.containsString("orbital_relay_membership_members 2.0"),
                        Matchers.containsString("orbital_relay_membership_controllers 1.0"),
                        Matchers.containsString("orbital_relay_membership_present_nodes 4.0"),
                        Matchers.containsString(
                            "orbital_relay_refusals_total{reason=\"unknown-endpoint\"}")));
  }

  /** The root answers the client as {@code address}: the relay then knows who the client is. */
  private void verifyAs(long address) throws Exception {
    assertThat(relayed(parties.root(), packet(parties.rootAddress(), address))).isTrue();
    byte[] answer = packet(address, parties.rootAddress());
    parties.root().send(new DatagramPacket(answer, answer.length, lastSender));
    byte[] record = nextRecord();
    assertThat(RelayFrameCodec.decodeDatagram(record).address())
        .isEqualTo(SeededDirectoryKafka.at(parties.root()));
  }

  private InetSocketAddress lastSender;

  /** Sends {@code datagram} through the relay to {@code to}; true if it arrived there. */
  private boolean relayed(DatagramSocket to, byte[] datagram) throws Exception {
    client
        .getOutputStream()
        .write(
            RelayFrameCodec.encodeDatagram(
                SeededDirectoryKafka.at(to), datagram, 0, datagram.length));
    DatagramPacket received = new DatagramPacket(new byte[2048], 2048);
    try {
      to.receive(received);
      lastSender = (InetSocketAddress) received.getSocketAddress();
      return ByteBuffer.wrap(received.getData(), 0, received.getLength())
          .equals(ByteBuffer.wrap(datagram));
    } catch (SocketTimeoutException e) {
      return false;
    }
  }

  private byte[] nextRecord() throws Exception {
    RelayStreamDecoder decoder = new RelayStreamDecoder(RelayFrameCodec.MAX_RECORD_PAYLOAD);
    List<byte[]> records = new ArrayList<>();
    byte[] chunk = new byte[4096];
    while (records.isEmpty()) {
      int n = client.getInputStream().read(chunk);
      assertThat(n).as("bytes before end of stream").isPositive();
      records.addAll(decoder.feed(ByteBuffer.wrap(chunk, 0, n)));
    }
    return records.get(0);
  }

  private List<DatagramSocket> parties() {
    return List.of(
        parties.root(),
        parties.controller(),
        parties.earlyMember(),
        parties.otherMember(),
        parties.formerMember());
  }

  private static void drain(DatagramSocket socket) throws IOException {
    DatagramPacket stale = new DatagramPacket(new byte[2048], 2048);
    int timeout = socket.getSoTimeout();
    socket.setSoTimeout(1);
    try {
      while (true) {
        socket.receive(stale);
      }
    } catch (SocketTimeoutException e) {
      socket.setSoTimeout(timeout);
    }
  }
}
