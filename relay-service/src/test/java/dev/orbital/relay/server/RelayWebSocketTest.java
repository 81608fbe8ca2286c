package dev.orbital.relay.server;

import static dev.orbital.relay.server.TestClients.HELLO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.orbital.protocol.relay.RelayFrameCodec;
import dev.orbital.protocol.relay.RelayFrameCodec.AddressedDatagram;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RelayWebSocketTest {

  private static final Duration WAIT = Duration.ofSeconds(5);

  @Inject RelayWebSocketEndpoint endpoint;
  @Inject RelayMetrics metrics;
  @Inject Vertx vertx;

  private WssTestClient connect() throws Exception {
    return WssTestClient.connect(vertx, endpoint.port(), "/relay");
  }

  @Test
  void shouldRelayOverWssToUdpAndBackWithTheSource() throws Exception {
    try (DatagramSocket echo = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        WssTestClient client = connect()) {
      echo.setSoTimeout((int) WAIT.toMillis());
      InetSocketAddress echoAddress = (InetSocketAddress) echo.getLocalSocketAddress();
      byte[] request = datagram("wss-ping", 48);
      byte[] record = RelayFrameCodec.encodeDatagram(echoAddress, request, 0, request.length);
      // One stream: the hello and the first half of a record in one message, the rest in another.
      client.send(concat(HELLO, slice(record, 0, 10)));
      client.send(slice(record, 10, record.length));

      DatagramPacket received = new DatagramPacket(new byte[2048], 2048);
      echo.receive(received);
      assertThat(ByteBuffer.wrap(received.getData(), 0, received.getLength()))
          .isEqualTo(ByteBuffer.wrap(request));
      byte[] answer = datagram("wss-pong", 64);
      echo.send(new DatagramPacket(answer, answer.length, received.getSocketAddress()));

      byte[] reply = client.nextRecord(WAIT);
      assertThat(reply).as("record back over the WebSocket").isNotNull();
      AddressedDatagram decoded = RelayFrameCodec.decodeDatagram(reply);
      assertThat(decoded.address()).isEqualTo(echoAddress);
      assertThat(decoded.datagram()).isEqualTo(ByteBuffer.wrap(answer));
    }
  }

  @Test
  void shouldCloseWebSocketSendingGarbageAndCountIt() throws Exception {
    double before = metrics.closes(CloseReason.BAD_HEADER);
    try (WssTestClient client = connect()) {
      client.send("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

      assertThat(client.closedWithin(WAIT)).isTrue();
    }
    await().atMost(WAIT).until(() -> metrics.closes(CloseReason.BAD_HEADER) == before + 1);
  }

  @Test
  void shouldCloseWebSocketSendingAnOversizeRecord() throws Exception {
    double before = metrics.closes(CloseReason.OVERSIZE);
    try (WssTestClient client = connect()) {
      client.send(HELLO);
      client.send(new byte[] {0x17, 0x03, 0x03, (byte) 0xff, (byte) 0xff});

      assertThat(client.closedWithin(WAIT)).isTrue();
    }
    await().atMost(WAIT).until(() -> metrics.closes(CloseReason.OVERSIZE) == before + 1);
  }

  @Test
  void shouldCloseWebSocketThatNeverSaysHello() throws Exception {
    double before = metrics.closes(CloseReason.NO_HELLO);
    try (WssTestClient client = connect()) {
      assertThat(client.closedWithin(WAIT)).isTrue();
    }
    await().atMost(WAIT).until(() -> metrics.closes(CloseReason.NO_HELLO) == before + 1);
  }

  @Test
  void shouldCloseWebSocketSendingText() throws Exception {
    double before = metrics.closes(CloseReason.NOT_BINARY);
    try (WssTestClient client = connect()) {
      client.send(HELLO);
      client.sendText("hello");

      assertThat(client.closedWithin(WAIT)).isTrue();
    }
    await().atMost(WAIT).until(() -> metrics.closes(CloseReason.NOT_BINARY) == before + 1);
  }

  @Test
  void shouldAnswer404OutsideTheRelayPathOverTlsWithTheLoggedCertificate() throws Exception {
    CapturingTrust trust = new CapturingTrust();
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new TrustManager[] {trust}, new SecureRandom());
    SSLParameters noHostCheck = new SSLParameters();
    HttpClient http = HttpClient.newBuilder().sslContext(tls).sslParameters(noHostCheck).build();

    HttpResponse<Void> response =
        http.send(
            HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + endpoint.port() + "/other"))
                .timeout(WAIT)
                .build(),
            HttpResponse.BodyHandlers.discarding());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(SelfSignedCertificate.sha256(trust.seen.getEncoded()))
        .isEqualTo(endpoint.generatedCertificateFingerprint());
  }

  private static byte[] datagram(String text, int length) {
    byte[] out = new byte[length];
    byte[] body = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(body, 0, out, 0, body.length);
    return out;
  }

  private static byte[] slice(byte[] bytes, int from, int to) {
    return java.util.Arrays.copyOfRange(bytes, from, to);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Trusts any server certificate and keeps it, to compare with the logged fingerprint. */
  private static final class CapturingTrust implements X509TrustManager {
    volatile X509Certificate seen;

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
      throw new UnsupportedOperationException("client side only");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
      seen = chain[0];
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
