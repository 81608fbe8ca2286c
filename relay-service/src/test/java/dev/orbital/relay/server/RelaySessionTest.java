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

  /** Three datagrams a second at most; newcomers two at once and one a second after that. */
  private static final RelayLimits LIMITS = new RelayLimits(16384, 3, 1, 2, 1025, 16, 300_000);

  private final RelayMetrics metrics = new RelayMetrics(new SimpleMeterRegistry());
  private final List<InetSocketAddress> sent = new ArrayList<>();
  private final List<CloseReason> closes = new ArrayList<>();
  private final List<InetSocketAddress> answeredFrom = new ArrayList<>();
  private Verdict verdict = Verdict.RELAY;

  /** The budget this session's source IP shares with its other connections. */
  private final TokenBucket sourceIp = new TokenBucket(1, 3, NOW);

  private final RelaySession session = session(LIMITS);

  private RelaySession session(RelayLimits limits) {
    return new RelaySession(
        limits,
        new ConnectionPolicy() {
          @Override
          public Verdict check(InetSocketAddress to, ByteBuffer datagram) {
            return verdict;
          }

          @Override
          public void answered(InetSocketAddress from, byte[] datagram, int offset, int length) {
            answeredFrom.add(from);
          }
        },
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
        sourceIp,
        NOW);
  }

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
  void shouldRefuseWhatThePolicyRefusesCountingItsReason() throws Exception {
    feed(HELLO, NOW);
    for (Verdict refused :
        new Verdict[] {
          Verdict.MALFORMED,
          Verdict.UNKNOWN_ENDPOINT,
          Verdict.WRONG_DESTINATION,
          Verdict.NOT_MEMBER,
          Verdict.SPOOFED_SOURCE
        }) {
      verdict = refused;
      feed(record(address("10.0.0.1", 9993), 32), NOW + 1000L * refused.ordinal());
      assertThat(metrics.refusals(refused.refusal())).as(refused.name()).isEqualTo(1);
    }

    assertThat(sent).isEmpty();
    assertThat(closes).isEmpty();
  }

  @Test
  void shouldHoldNewcomerTrafficToItsBurstThenItsRate() throws Exception {
    verdict = Verdict.RELAY_NEWCOMER;
    byte[] one = record(address("10.0.0.1", 9993), 32);
    feed(HELLO, NOW);
    feed(one, NOW);
    feed(one, NOW);
    feed(one, NOW);
    assertThat(sent).hasSize(2);
    assertThat(metrics.refusals(RefusalReason.NEWCOMER_RATE)).isEqualTo(1);

    feed(one, NOW + 1000);
    feed(one, NOW + 1000);

    assertThat(sent).hasSize(3);
    assertThat(metrics.refusals(RefusalReason.NEWCOMER_RATE)).isEqualTo(2);
    assertThat(closes).isEmpty();
  }

  @Test
  void shouldShareTheSourceIpBudgetAcrossConnections() throws Exception {
    verdict = Verdict.RELAY_NEWCOMER;
    RelaySession second = session(LIMITS);
    byte[] one = record(address("10.0.0.1", 9993), 32);
    feed(HELLO, NOW);
    second.onTcp(ByteBuffer.wrap(HELLO), NOW);
    feed(one, NOW);
    feed(one, NOW);
    second.onTcp(ByteBuffer.wrap(one), NOW);
    second.onTcp(ByteBuffer.wrap(one), NOW);

    assertThat(sent).as("the IP's burst of 3, not 2 connections x 2").hasSize(3);
    assertThat(metrics.refusals(RefusalReason.IP_RATE)).isEqualTo(1);
  }

  @Test
  void shouldNotRateLimitAVerifiedMembersTrafficBelowTheFloodLimit() throws Exception {
    byte[] one = record(address("10.0.0.1", 9993), 32);
    feed(HELLO, NOW);
    feed(one, NOW);
    feed(one, NOW);
    feed(one, NOW);

    assertThat(sent).hasSize(3);
    assertThat(closes).isEmpty();
  }

  @Test
  void shouldShowThePolicyEveryAnswerBeforeFramingIt() throws Exception {
    session.replyRecord(address("10.0.0.9", 9993), new byte[32], 0, 32, NOW);

    assertThat(answeredFrom).containsExactly(address("10.0.0.9", 9993));
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

    RelaySession other = session(new RelayLimits(64, 3, 1, 2, 1025, 16, 300_000));
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
