package dev.orbital.node.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RelayClientTest {

  private static final Duration WAIT = Duration.ofSeconds(10);

  /** A received datagram and where the relay says it came from. */
  private record Delivered(InetSocketAddress from, byte[] datagram) {}

  private final BlockingQueue<Delivered> delivered = new LinkedBlockingQueue<>();

  private void deliver(InetSocketAddress from, ByteBuffer datagram) {
    byte[] bytes = new byte[datagram.remaining()];
    datagram.get(bytes);
    delivered.add(new Delivered(from, bytes));
  }

  private static RelayClientOptions options(CodecRelay relay) {
    return RelayClientOptions.of(URI.create("tcp://127.0.0.1:" + relay.port()))
        .withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
  }

  @Test
  void shouldSendToAnEndpointAndDeliverTheAnswerWithItsSource() throws Exception {
    try (CodecRelay relay = new CodecRelay();
        DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        RelayClient client = RelayClient.start(options(relay), this::deliver)) {
      peer.setSoTimeout((int) WAIT.toMillis());
      InetSocketAddress peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
      awaitConnected(client);
      byte[] request = bytes(1400, 7);

      assertThat(client.send(peerAddress, request, 0, request.length)).isTrue();
      DatagramPacket received = new DatagramPacket(new byte[2048], 2048);
      peer.receive(received);
      assertThat(Arrays.copyOf(received.getData(), received.getLength())).isEqualTo(request);
      byte[] answer = bytes(100, 9);
      peer.send(new DatagramPacket(answer, answer.length, received.getSocketAddress()));

      Delivered back = delivered.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(back).isNotNull();
      assertThat(back.from()).isEqualTo(peerAddress);
      assertThat(back.datagram()).isEqualTo(answer);
    }
  }

  @Test
  void shouldReconnectAfterTheRelayDropsTheConnection() throws Exception {
    try (CodecRelay relay = new CodecRelay();
        DatagramSocket peer = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        RelayClient client = RelayClient.start(options(relay), this::deliver)) {
      peer.setSoTimeout((int) WAIT.toMillis());
      awaitConnected(client);

      relay.dropClients();
      awaitCondition(() -> client.connections() == 2 && client.isConnected());

      byte[] request = bytes(64, 3);
      assertThat(client.send((InetSocketAddress) peer.getLocalSocketAddress(), request, 0, 64))
          .isTrue();
      DatagramPacket received = new DatagramPacket(new byte[2048], 2048);
      peer.receive(received);
      assertThat(received.getLength()).isEqualTo(64);
      assertThat(relay.hellos()).isEqualTo(2);
    }
  }

  @Test
  void shouldDropWhileNotConnected() throws Exception {
    CodecRelay relay = new CodecRelay();
    int port = relay.port();
    relay.close();
    RelayClientOptions nowhere =
        RelayClientOptions.of(URI.create("tcp://127.0.0.1:" + port))
            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(100));
    try (RelayClient client = RelayClient.start(nowhere, this::deliver)) {
      byte[] datagram = bytes(32, 1);

      assertThat(client.send(new InetSocketAddress("127.0.0.1", 9993), datagram, 0, 32)).isFalse();
      assertThat(client.dropped()).isEqualTo(1);
      assertThat(client.isConnected()).isFalse();
    }
  }

  @Test
  void shouldRefuseRelayUriWithoutTcpOrWss() {
    assertThatThrownBy(() -> RelayClientOptions.of(URI.create("http://relay.example:443")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("relay http://relay.example:443 (expected: tcp://... or wss://...)");
    assertThatThrownBy(() -> RelayClientOptions.of(URI.create("tcp://relay.example")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void awaitConnected(RelayClient client) throws InterruptedException {
    awaitCondition(client::isConnected);
  }

  /** A bounded poll (the node module has no Awaitility). */
  private static void awaitCondition(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + WAIT);
      }
      Thread.sleep(20);
    }
  }

  private static byte[] bytes(int length, int seed) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) (i * seed);
    }
    return out;
  }
}
