package dev.orbital.protocol.packet;

import static dev.orbital.protocol.packet.FragmenterTest.MTU;
import static dev.orbital.protocol.packet.FragmenterTest.packet;
import static dev.orbital.protocol.packet.FragmenterTest.split;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.protocol.conformance.PcapReader;
import dev.orbital.protocol.packet.Reassembler.Outcome;
import dev.orbital.protocol.packet.Reassembler.Result;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReassemblerTest {

  final Reassembler reassembler = new Reassembler();

  Result offer(byte[] datagram, long now) {
    return reassembler.offer(datagram, datagram.length, now);
  }

  /** Head and fragments of a 5000-byte packet: 4 pieces at the default MTU. */
  static List<byte[]> pieces(long seed) {
    return split(packet(5000, MTU, seed), MTU);
  }

  static byte[] withCounts(byte[] fragment, int total, int number) {
    byte[] copy = fragment.clone();
    copy[Fragment.COUNTS] = (byte) ((total << 4) | number);
    return copy;
  }

  @Test
  void shouldAssembleHeadFollowedByItsFragment() {
    byte[] packet = packet(2838, MTU, 1);
    List<byte[]> pieces = split(packet, MTU);

    assertThat(offer(pieces.get(0), 0).outcome()).isEqualTo(Outcome.PENDING);
    Result result = offer(pieces.get(1), 1);

    assertThat(result.outcome()).isEqualTo(Outcome.COMPLETE);
    assertThat(result.packet()).isEqualTo(packet);
    assertThat(reassembler.pending()).isZero();
  }

  @Test
  void shouldAssembleWhenHeadArrivesLast() {
    byte[] packet = packet(5000, MTU, 2);
    List<byte[]> pieces = split(packet, MTU);

    assertThat(offer(pieces.get(3), 0).outcome()).isEqualTo(Outcome.PENDING);
    assertThat(offer(pieces.get(1), 0).outcome()).isEqualTo(Outcome.PENDING);
    assertThat(offer(pieces.get(2), 0).outcome()).isEqualTo(Outcome.PENDING);
    Result result = offer(pieces.get(0), 0);

    assertThat(result.outcome()).isEqualTo(Outcome.COMPLETE);
    assertThat(result.packet()).isEqualTo(packet);
  }

  @Test
  void shouldLetCallerReuseItsReceiveBuffer() {
    byte[] packet = packet(2838, MTU, 3);
    List<byte[]> pieces = split(packet, MTU);
    byte[] receiveBuffer = new byte[MTU];

    System.arraycopy(pieces.get(0), 0, receiveBuffer, 0, pieces.get(0).length);
    reassembler.offer(receiveBuffer, pieces.get(0).length, 0);
    Arrays.fill(receiveBuffer, (byte) 0);
    System.arraycopy(pieces.get(1), 0, receiveBuffer, 0, pieces.get(1).length);
    Result result = reassembler.offer(receiveBuffer, pieces.get(1).length, 0);

    assertThat(result.packet()).isEqualTo(packet);
  }

  @Test
  void shouldIgnoreDuplicateFragmentAndDuplicateHead() {
    List<byte[]> pieces = pieces(4);

    offer(pieces.get(0), 0);
    offer(pieces.get(1), 0);

    assertThat(offer(pieces.get(0), 0).outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(offer(pieces.get(1), 0).outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(offer(pieces.get(2), 0).outcome()).isEqualTo(Outcome.PENDING);
    assertThat(offer(pieces.get(3), 0).outcome()).isEqualTo(Outcome.COMPLETE);
    assertThat(reassembler.count(Outcome.DUPLICATE)).isEqualTo(2);
  }

  @Test
  void shouldKeepPacketsWithSameIdToDifferentDestinationsApart() {
    byte[] packet = packet(2838, MTU, 5);
    byte[] other = packet.clone();
    PacketHeader.setDestination(other, 0xa4c90e16e5L);
    List<byte[]> pieces = split(packet, MTU);
    List<byte[]> otherPieces = split(other, MTU);

    offer(pieces.get(0), 0);
    assertThat(offer(otherPieces.get(1), 0).outcome()).isEqualTo(Outcome.PENDING);
    assertThat(offer(pieces.get(1), 0).packet()).isEqualTo(packet);
    assertThat(offer(otherPieces.get(0), 0).packet()).isEqualTo(other);
  }

  @Test
  void shouldDropFragmentWithBadNumber() {
    byte[] fragment = pieces(6).get(1);

    assertThat(offer(withCounts(fragment, 4, 0), 0).outcome())
        .isEqualTo(Outcome.BAD_FRAGMENT_NUMBER);
    assertThat(offer(withCounts(fragment, 4, 4), 0).outcome())
        .isEqualTo(Outcome.BAD_FRAGMENT_NUMBER);
    assertThat(offer(withCounts(fragment, 1, 0), 0).outcome())
        .isEqualTo(Outcome.BAD_FRAGMENT_NUMBER);
    assertThat(reassembler.count(Outcome.BAD_FRAGMENT_NUMBER)).isEqualTo(3);
    assertThat(reassembler.pending()).isZero();
  }

  @Test
  void shouldDropFragmentAnnouncingMoreThanSevenPieces() {
    byte[] fragment = pieces(7).get(1);

    assertThat(offer(withCounts(fragment, 8, 1), 0).outcome())
        .isEqualTo(Outcome.TOO_MANY_FRAGMENTS);
    assertThat(offer(withCounts(fragment, 15, 14), 0).outcome())
        .isEqualTo(Outcome.TOO_MANY_FRAGMENTS);
    assertThat(reassembler.pending()).isZero();
  }

  @Test
  void shouldDropFragmentWhoseTotalDisagreesWithItsSiblings() {
    List<byte[]> pieces = pieces(8);

    offer(pieces.get(1), 0);
    assertThat(offer(withCounts(pieces.get(2), 3, 2), 0).outcome())
        .isEqualTo(Outcome.INCONSISTENT_TOTAL);
    offer(pieces.get(2), 0);
    offer(pieces.get(3), 0);
    assertThat(offer(pieces.get(0), 0).outcome()).isEqualTo(Outcome.COMPLETE);
  }

  @Test
  void shouldNotLetForgedTotalCompletePacketEarly() {
    // Stock counts pieces against the latest total; a forged "1 of 2" must not finish a 4-piece
    // packet whose head and fragment 1 are in.
    List<byte[]> pieces = pieces(9);

    offer(pieces.get(1), 0);
    offer(pieces.get(0), 0);

    assertThat(offer(withCounts(pieces.get(1), 2, 1), 0).outcome())
        .isEqualTo(Outcome.INCONSISTENT_TOTAL);
  }

  @Test
  void shouldExpireIncompletePacketAfterFiveSeconds() {
    List<byte[]> pieces = split(packet(2838, MTU, 10), MTU);

    offer(pieces.get(0), 1_000);
    Result late = offer(pieces.get(1), 1_000 + Reassembler.TIMEOUT_MILLIS + 1);

    assertThat(late.outcome()).isEqualTo(Outcome.PENDING);
    assertThat(reassembler.count(Outcome.EXPIRED)).isEqualTo(1);
    assertThat(reassembler.pending()).isEqualTo(1);
    assertThat(reassembler.expire(1_000 + 2 * Reassembler.TIMEOUT_MILLIS + 2)).isEqualTo(1);
    assertThat(reassembler.pending()).isZero();
  }

  @Test
  void shouldStillAssembleAtExactlyTheTimeout() {
    List<byte[]> pieces = split(packet(2838, MTU, 11), MTU);

    offer(pieces.get(0), 1_000);

    assertThat(offer(pieces.get(1), 1_000 + Reassembler.TIMEOUT_MILLIS).outcome())
        .isEqualTo(Outcome.COMPLETE);
  }

  @Test
  void shouldEvictOldestPacketWhenQueueIsFull() {
    List<List<byte[]>> packets = new ArrayList<>();
    for (int i = 0; i <= Reassembler.QUEUE_SIZE; i++) {
      packets.add(split(packet(2838, MTU, 100 + i), MTU));
    }

    for (int i = 0; i <= Reassembler.QUEUE_SIZE; i++) {
      assertThat(offer(packets.get(i).get(0), i).outcome()).isEqualTo(Outcome.PENDING);
    }

    assertThat(reassembler.count(Outcome.EVICTED)).isEqualTo(1);
    assertThat(reassembler.pending()).isEqualTo(Reassembler.QUEUE_SIZE);
    assertThat(offer(packets.get(1).get(1), 40).outcome()).isEqualTo(Outcome.COMPLETE);
    assertThat(offer(packets.get(0).get(1), 40).outcome()).isEqualTo(Outcome.PENDING);
  }

  @Test
  void shouldDropPacketWhosePiecesAddUpToMoreThanMaxLength() {
    // Seven pieces at a 2000-byte MTU could carry 13904 bytes: more than any packet may hold.
    byte[] head = packet(2000, 2000, 12);
    PacketHeader.setFragmented(head, true);
    byte[] fragment = new byte[2000];
    Fragment.writeHeader(fragment, 0, PacketHeader.id(head), PacketHeader.destination(head), 1, 7);

    offer(head, 0);
    for (int number = 1; number <= 4; number++) {
      assertThat(offer(withCounts(fragment, 7, number), 0).outcome()).isEqualTo(Outcome.PENDING);
    }
    assertThat(offer(withCounts(fragment, 7, 5), 0).outcome()).isEqualTo(Outcome.OVERSIZED);

    assertThat(reassembler.pending()).isZero();
    assertThat(offer(withCounts(fragment, 7, 6), 0).outcome()).isEqualTo(Outcome.PENDING);
  }

  @Test
  void shouldDropSingleDatagramLongerThanAnyPacket() {
    byte[] head = packet(PacketHeader.MAX_LENGTH + 1, MTU, 13);
    byte[] fragment = new byte[PacketHeader.MAX_LENGTH + 100];
    Fragment.writeHeader(fragment, 0, 1, 2, 1, 2);

    assertThat(offer(head, 0).outcome()).isEqualTo(Outcome.OVERSIZED);
    assertThat(offer(fragment, 0).outcome()).isEqualTo(Outcome.OVERSIZED);
    assertThat(reassembler.pending()).isZero();
  }

  @Test
  void shouldPassUnfragmentedPacketsThroughAndDropRunts() {
    byte[] plain = packet(100, MTU, 14);
    byte[] headerOnlyFragment = Arrays.copyOf(pieces(15).get(1), Fragment.HEADER_LENGTH);

    assertThat(offer(plain, 0).outcome()).isEqualTo(Outcome.NOT_FRAGMENTED);
    assertThat(offer(headerOnlyFragment, 0).outcome()).isEqualTo(Outcome.TOO_SHORT);
    assertThat(offer(new byte[4], 0).outcome()).isEqualTo(Outcome.TOO_SHORT);
    assertThat(offer(new byte[0], 0).outcome()).isEqualTo(Outcome.TOO_SHORT);
    assertThat(Outcome.NOT_FRAGMENTED.isDrop()).isFalse();
    assertThat(Outcome.TOO_SHORT.isDrop()).isTrue();
  }

  @Test
  void shouldSurviveRandomGarbageWithinItsBounds() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      byte[] datagram = new byte[random.nextInt(PacketHeader.MAX_LENGTH + 200)];
      random.nextBytes(datagram);
      if (datagram.length > 18) {
        // Aim at the interesting paths: four packet IDs, one destination, fragment or head.
        Arrays.fill(datagram, 0, Fragment.INDICATOR, (byte) 0);
        datagram[7] = (byte) random.nextInt(4);
        datagram[Fragment.INDICATOR] = random.nextBoolean() ? (byte) 0xff : 0x3a;
        datagram[Fragment.COUNTS] = (byte) random.nextInt(0x90);
      }

      Result result = reassembler.offer(datagram, datagram.length, i);

      assertThat(result.outcome()).isNotNull();
      assertThat(reassembler.pending()).isLessThanOrEqualTo(Reassembler.QUEUE_SIZE);
      if (result.packet() != null) {
        assertThat(result.packet().length).isBetween(29, PacketHeader.MAX_LENGTH);
      }
    }
    for (Outcome outcome :
        List.of(
            Outcome.PENDING,
            Outcome.DUPLICATE,
            Outcome.INCONSISTENT_TOTAL,
            Outcome.BAD_FRAGMENT_NUMBER,
            Outcome.TOO_MANY_FRAGMENTS,
            Outcome.OVERSIZED)) {
      assertThat(reassembler.count(outcome)).as(outcome.name()).isPositive();
    }
  }

  @Test
  void shouldReassembleEveryFragmentedPacketOfTheStockCorpus() {
    // Each receiving endpoint has its own reassembler, as each node does: a relayed packet is
    // seen twice on the wire (to the root, then from it) with the same packet ID.
    List<PcapReader.Datagram> datagrams =
        PcapReader.readResource("/conformance/zerotier-1.14.1/sample-handshake-config.pcap");
    Map<InetSocketAddress, Reassembler> nodes = new HashMap<>();
    Map<Outcome, Integer> outcomes = new HashMap<>();
    List<byte[]> completed = new ArrayList<>();

    for (PcapReader.Datagram datagram : datagrams) {
      byte[] payload = datagram.payload();
      Result result =
          nodes
              .computeIfAbsent(datagram.destination(), a -> new Reassembler())
              .offer(payload, payload.length, datagram.timeMillis());
      outcomes.merge(result.outcome(), 1, Integer::sum);
      if (result.packet() != null) {
        completed.add(result.packet());
      }
    }

    assertThat(datagrams).hasSize(600);
    assertThat(completed).hasSize(89);
    assertThat(outcomes)
        .containsEntry(Outcome.COMPLETE, 89)
        .containsEntry(Outcome.PENDING, 89)
        .containsEntry(Outcome.TOO_SHORT, 1)
        .containsEntry(Outcome.NOT_FRAGMENTED, 600 - 2 * 89 - 1)
        .hasSize(4);
    assertThat(nodes.values()).allSatisfy(node -> assertThat(node.pending()).isZero());
    // A 1432-byte head and a fragment of 1422 (16 + 1406): stock FRAMEs of the 2800-byte tap MTU.
    assertThat(completed)
        .allSatisfy(
            packet -> {
              assertThat(packet).hasSize(1432 + 1406);
              assertThat(PacketHeader.isFragmented(packet)).isTrue();
              assertThat(packet[PacketHeader.SOURCE] & 0xff).isNotEqualTo(0xff);
            });
  }
}
