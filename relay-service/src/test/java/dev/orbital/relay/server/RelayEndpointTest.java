package dev.orbital.relay.server;

import static dev.orbital.relay.server.TestClients.HELLO;
import static dev.orbital.relay.server.TestClients.readsEndOfStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbital.protocol.relay.RelayFrameCodec;
import dev.orbital.protocol.relay.RelayFrameCodec.AddressedDatagram;
import dev.orbital.protocol.relay.RelayStreamDecoder;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RelayEndpointTest {

  private static final int READ_TIMEOUT_MILLIS = 5000;

  @Inject RelayEndpoint endpoint;
  @Inject RelayMetrics metrics;

  @Test
  void shouldRelayDatagramToUdpAndFrameTheAnswerWithItsSource() throws Exception {
    double packetsOut = metrics.packets(true);
    double packetsBack = metrics.packets(false);
    try (DatagramSocket echo = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        Socket client = connect()) {
      echo.setSoTimeout(READ_TIMEOUT_MILLIS);
      InetSocketAddress echoAddress = (InetSocketAddress) echo.getLocalSocketAddress();
      byte[] request = datagram("ping", 32);
      client.getOutputStream().write(HELLO);
      client
          .getOutputStream()
          .write(RelayFrameCodec.encodeDatagram(echoAddress, request, 0, request.length));

      DatagramPacket received = new DatagramPacket(new byte[2048], 2048);
      echo.receive(received);
      assertThat(received.getLength()).isEqualTo(request.length);
      assertThat(ByteBuffer.wrap(received.getData(), 0, received.getLength()))
          .isEqualTo(ByteBuffer.wrap(request));
      byte[] answer = datagram("pong", 40);
      echo.send(new DatagramPacket(answer, answer.length, received.getSocketAddress()));

      AddressedDatagram reply = RelayFrameCodec.decodeDatagram(readRecord(client));
      assertThat(reply.address()).isEqualTo(echoAddress);
      assertThat(reply.datagram()).isEqualTo(ByteBuffer.wrap(answer));
    }
    // Counted on the relay's threads, maybe just after the bytes left.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                metrics.packets(true) == packetsOut + 1
                    && metrics.packets(false) == packetsBack + 1);
  }

  @Test
  void shouldExposeRelayMetricsToPrometheus() {
    RestAssured.given()
        .header("X-ZT1-Auth", "relay-test-token")
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(
            Matchers.containsString("orbital_relay_connections_closed_total{reason=\"no-hello\"}"),
            Matchers.containsString("orbital_relay_bytes_total{direction=\"to-udp\"}"),
            Matchers.containsString("orbital_relay_connections_open"));
  }

  @Test
  void shouldRefuseMetricsWithoutTheAdminTokenAndKeepHealthOpen() {
    RestAssured.get("/q/metrics").then().statusCode(401);
    RestAssured.given().header("X-ZT1-Auth", "wrong").get("/q/metrics").then().statusCode(401);
    RestAssured.given()
        .header("Authorization", "Bearer relay-test-token")
        .get("/q/metrics")
        .then()
        .statusCode(200);
    RestAssured.given().header("X-ZT1-Auth", "wrong").get("/q/health/live").then().statusCode(200);
  }

  @Test
  void shouldRelayToIpv6DestinationAndAnswerWithIpv6Source() throws Exception {
    DatagramSocket echo;
    try {
      echo = new DatagramSocket(new InetSocketAddress("::1", 0));
    } catch (SocketException noIpv6) {
      throw new AssertionError("this test needs the IPv6 loopback ::1", noIpv6);
    }
    try (echo;
        Socket client = connect()) {
      echo.setSoTimeout(READ_TIMEOUT_MILLIS);
      InetSocketAddress echoAddress = (InetSocketAddress) echo.getLocalSocketAddress();
      byte[] request = datagram("ping6", 32);
      client.getOutputStream().write(HELLO);
      client
          .getOutputStream()
          .write(RelayFrameCodec.encodeDatagram(echoAddress, request, 0, request.length));

      DatagramPacket received = new DatagramPacket(new byte[2048], 2048);
      echo.receive(received);
      echo.send(new DatagramPacket(request, request.length, received.getSocketAddress()));

      byte[] payload = readRecord(client);
      assertThat(payload[0]).as("IPv6 address prefix").isEqualTo((byte) 0x06);
      assertThat(RelayFrameCodec.decodeDatagram(payload).address()).isEqualTo(echoAddress);
    }
  }

  @Test
  void shouldCloseOnlyTheConnectionSendingGarbage() throws Exception {
    double before = metrics.closes(CloseReason.BAD_HEADER);
    try (DatagramSocket echo = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        Socket good = connect();
        Socket bad = connect()) {
      echo.setSoTimeout(READ_TIMEOUT_MILLIS);
      good.getOutputStream().write(HELLO);
      bad.getOutputStream().write(HELLO);
      bad.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

      assertThat(readsEndOfStream(bad)).isTrue();
      byte[] request = datagram("still-here", 24);
      good.getOutputStream()
          .write(
              RelayFrameCodec.encodeDatagram(
                  (InetSocketAddress) echo.getLocalSocketAddress(), request, 0, request.length));
      DatagramPacket received = new DatagramPacket(new byte[2048], 2048);
      echo.receive(received);
      assertThat(received.getLength()).isEqualTo(request.length);
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> metrics.closes(CloseReason.BAD_HEADER) == before + 1);
  }

  @Test
  void shouldCloseConnectionThatNeverSendsTheHello() throws Exception {
    double before = metrics.closes(CloseReason.NO_HELLO);
    try (Socket silent = connect()) {
      assertThat(readsEndOfStream(silent)).isTrue();
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> metrics.closes(CloseReason.NO_HELLO) == before + 1);
  }

  @Test
  void shouldCloseConnectionSendingAnOversizeRecord() throws Exception {
    double before = metrics.closes(CloseReason.OVERSIZE);
    try (Socket client = connect()) {
      client.getOutputStream().write(HELLO);
      client.getOutputStream().write(new byte[] {0x17, 0x03, 0x03, (byte) 0xff, (byte) 0xff});

      assertThat(readsEndOfStream(client)).isTrue();
    }
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> metrics.closes(CloseReason.OVERSIZE) == before + 1);
  }

  @Test
  void shouldBeReadyOnceListening() {
    RestAssured.get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'relay-tcp' }.status", Matchers.equalTo("UP"));
  }

  private Socket connect() throws IOException {
    return TestClients.connect(endpoint, READ_TIMEOUT_MILLIS);
  }

  private static byte[] datagram(String text, int length) {
    byte[] out = new byte[length];
    byte[] body = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(body, 0, out, 0, body.length);
    return out;
  }

  private static byte[] readRecord(Socket socket) throws Exception {
    RelayStreamDecoder decoder = new RelayStreamDecoder(RelayFrameCodec.MAX_RECORD_PAYLOAD);
    InputStream in = socket.getInputStream();
    List<byte[]> records = new ArrayList<>();
    byte[] chunk = new byte[4096];
    while (records.isEmpty()) {
      int n = in.read(chunk);
      assertThat(n).as("bytes before end of stream").isPositive();
      records.addAll(decoder.feed(ByteBuffer.wrap(chunk, 0, n)));
    }
    return records.get(0);
  }

  /** True when the relay closed the connection (a read ends or is reset) within the timeout. */
}
