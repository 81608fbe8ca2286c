package dev.orbital.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.protocol.relay.RelayFrameCodec;
import dev.orbital.protocol.relay.RelayFrameCodec.Hello;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelaySessionTest {

  private static final long NOW = 1_000_000;
  private static final byte[] HELLO = RelayFrameCodec.encodeHello(new Hello(1, 14, 1));
  private static final RelayLimits LIMITS = new RelayLimits(16384, 3, 1025, 16, 300_000);

  private final RelayMetrics metrics = new RelayMetrics(new SimpleMeterRegistry());
  private final List<InetSocketAddress> sent = new ArrayList<>();
  private final List<CloseReason> closes = new ArrayList<>();
  private boolean allow = true;

  private final RelaySession session =
      new RelaySession(
          LIMITS,
          (to, datagram) -> allow,
          metrics,
          new RelaySession.Transport() {
            @Override
            public boolean sendUdp(InetSocketAddress to, ByteBuffer datagram) {
              sent.add(to);
              return true;
            }

            @Override
            public void close(CloseReason reason) {
              closes.add(reason);
            }
          },
          NOW);

  private static InetSocketAddress address(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  private static byte[] record(InetSocketAddress to, int length) {
    return RelayFrameCodec.encodeDatagram(to, new byte[length], 0, length);
  }

  private void feed(byte[] bytes, long now) {
    session.onTcp(ByteBuffer.wrap(bytes), now);
  }

  @Test
  void shouldForwardIpv4AndIpv6DatagramsAfterHello() throws Exception {
    feed(HELLO, NOW);
    feed(record(address("10.0.0.1", 9993), 32), NOW);
    feed(record(address("fd00::1", 9993), 32), NOW);

    assertThat(session.hello()).isEqualTo(new Hello(1, 14, 1));
    assertThat(sent).containsExactly(address("10.0.0.1", 9993), address("fd00::1", 9993));
    assertThat(closes).isEmpty();
  }

  @Test
  void shouldCloseWhenFirstRecordIsNotAHello() throws Exception {
    feed(record(address("10.0.0.1", 9993), 32), NOW);

    assertThat(closes).containsExactly(CloseReason.BAD_HELLO);
    assertThat(sent).isEmpty();
  }

  @Test
  void shouldRefuseLowPortShortAndUnaddressedDatagramsWithoutClosing() throws Exception {
    feed(HELLO, NOW);
    feed(record(address("10.0.0.1", 1024), 32), NOW);
    feed(record(address("10.0.0.1", 9993), 15), NOW + 1000);
    feed(record(null, 32), NOW + 2000);

    assertThat(sent).isEmpty();
    assertThat(closes).isEmpty();
    assertThat(metrics.refusals(RefusalReason.LOW_PORT)).isEqualTo(1);
    assertThat(metrics.refusals(RefusalReason.TOO_SHORT)).isEqualTo(1);
    assertThat(metrics.refusals(RefusalReason.NO_ADDRESS)).isEqualTo(1);
  }

  @Test
  void shouldRefuseWhatThePolicyRefuses() throws Exception {
    allow = false;
    feed(HELLO, NOW);
    feed(record(address("10.0.0.1", 9993), 32), NOW);

    assertThat(sent).isEmpty();
    assertThat(metrics.refusals(RefusalReason.POLICY)).isEqualTo(1);
  }

  @Test
  void shouldCloseOnFloodAndForgetTheWindowAfterASecond() throws Exception {
    byte[] one = record(address("10.0.0.1", 9993), 32);
    feed(HELLO, NOW);
    for (int i = 0; i < 3; i++) {
      feed(one, NOW + 999);
    }
    feed(one, NOW + 1000);
    feed(one, NOW + 1000);
    feed(one, NOW + 1000);
    assertThat(closes).isEmpty();

    feed(one, NOW + 1500);

    assertThat(sent).hasSize(6);
    assertThat(closes).containsExactly(CloseReason.FLOOD);
  }

  @Test
  void shouldCloseOnBadAddressTypeAndIgnoreLaterBytes() throws Exception {
    feed(HELLO, NOW);
    feed(RelayFrameCodec.encodeRecord(new byte[] {0x05, 1, 2, 3, 4, 5, 6, 7}), NOW);
    feed(record(address("10.0.0.1", 9993), 32), NOW);

    assertThat(closes).containsExactly(CloseReason.BAD_DATAGRAM);
    assertThat(sent).isEmpty();
  }

  @Test
  void shouldCloseOnGarbageAndOversizeRecords() {
    feed(new byte[] {0x16, 0x03, 0x01}, NOW);

    RelaySession other =
        new RelaySession(
            new RelayLimits(64, 3, 1025, 16, 300_000),
            (to, datagram) -> true,
            metrics,
            new RelaySession.Transport() {
              @Override
              public boolean sendUdp(InetSocketAddress to, ByteBuffer datagram) {
                return true;
              }

              @Override
              public void close(CloseReason reason) {
                closes.add(reason);
              }
            },
            NOW);
    other.onTcp(ByteBuffer.wrap(new byte[] {0x17, 0x03, 0x03, 0x00, 0x41}), NOW);

    assertThat(closes).containsExactly(CloseReason.BAD_HEADER, CloseReason.OVERSIZE);
  }

  @Test
  void shouldBeIdleOnlyAfterTheTimeoutWithoutTrafficEitherWay() throws Exception {
    feed(HELLO, NOW);
    assertThat(session.isIdle(NOW + 299_999)).isFalse();

    session.replyRecord(address("10.0.0.1", 9993), new byte[16], 0, 16, NOW + 200_000);

    assertThat(session.isIdle(NOW + 300_000)).isFalse();
    assertThat(session.isIdle(NOW + 500_000)).isTrue();
  }
}
