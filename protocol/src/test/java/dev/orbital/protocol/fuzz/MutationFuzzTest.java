package dev.orbital.protocol.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.dictionary.DictionaryCodec;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.CertificateOfMembership;
import dev.orbital.protocol.netconf.NetworkConfigCodec;
import dev.orbital.protocol.netconf.NetworkConfigCodecTest;
import dev.orbital.protocol.packet.Armor;
import dev.orbital.protocol.packet.Compression;
import dev.orbital.protocol.packet.Fragment;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.packet.Reassembler;
import dev.orbital.protocol.packet.Reassembler.Outcome;
import dev.orbital.protocol.packet.Reassembler.Result;
import dev.orbital.protocol.rules.RuleCodec;
import dev.orbital.protocol.verb.PacketCodec;
import dev.orbital.protocol.verb.VerbCodec;
import dev.orbital.protocol.world.WorldCodec;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Mutation fuzzing of every decoder with inputs grown from real stock bytes ({@link Seeds}). The
 * property: a decoder returns a value or throws {@link ProtocolException}; any other throwable
 * (RuntimeException, OutOfMemoryError, StackOverflowError) fails with the decoder, the seeds and
 * the input in hex. Each call must also stay under its target's allocation limit, measured with the
 * thread's allocation counter, which catches a decoder that allocates by a length from the input.
 *
 * <p>The run is deterministic: {@code -Dfuzz.seed=N} runs another one, and a failure message's
 * input seed regenerates its input with {@link Mutator#mutate}. Counts add up to more than a
 * million inputs ({@link #shouldFuzzAtLeastAMillionInputs}).
 */
class MutationFuzzTest {

  static final long RUN_SEED = Long.getLong("fuzz.seed", 0x0b17a1_5eedL);

  /**
   * A capacity beyond the request metadata's 1024 bytes (stock network configs allow hundreds of
   * KiB): the seeds fit, and mutated inputs grown past it exercise the capacity check.
   */
  static final int CONFIG_DICTIONARY_CAPACITY = 2048;

  /** Dictionaries allocate per entry: a key String, a value array and a map node. */
  static final Target.AllocationLimit DICTIONARY = Target.AllocationLimit.linear(16 * 1024, 128);

  static final Compression COMPRESSION = new Compression();

  static final List<Target> TARGETS =
      List.of(
          Target.of("Identity.read", Seeds.identities(), in -> Identity.read(reader(in)))
              .withInputs(250_000)
              .withAllocationLimit(Target.SMALL_VALUE),
          Target.of("IpEndpoint.read", Seeds.endpoints(), in -> IpEndpoint.read(reader(in)))
              .withInputs(250_000)
              .withAllocationLimit(Target.SMALL_VALUE),
          Target.of(
                  "CertificateOfMembership.read",
                  Seeds.certificates(),
                  in -> CertificateOfMembership.read(reader(in)))
              .withInputs(250_000)
              .withAllocationLimit(Target.SMALL_VALUE),
          Target.of(
                  "DictionaryCodec.decode(capacity 1024)",
                  Seeds.dictionaries(),
                  in -> DictionaryCodec.decode(in, DictionaryCodec.REQUEST_METADATA_CAPACITY))
              .withInputs(150_000)
              .withAllocationLimit(DICTIONARY),
          Target.of(
                  "DictionaryCodec.decode(capacity 2048)",
                  Seeds.dictionaries(),
                  in -> DictionaryCodec.decode(in, CONFIG_DICTIONARY_CAPACITY))
              .withInputs(150_000)
              .withAllocationLimit(DICTIONARY),
          Target.of(
                  "Compression.decompress",
                  Seeds.compressedPackets(),
                  in -> COMPRESSION.decompress(in, in.length))
              .withInputs(250_000),
          Target.of("Fragment/PacketHeader accessors", Seeds.datagrams(), MutationFuzzTest::header)
              .withInputs(150_000),
          Target.of(
                  "VerbCodec.decode",
                  Seeds.plaintexts(),
                  in ->
                      in.length == 0
                          ? null
                          : VerbCodec.decode(in[0] & PacketHeader.VERB_MASK, in, 1, in.length - 1))
              .withInputs(400_000),
          Target.of("PacketCodec.open", Seeds.datagrams(), MutationFuzzTest::openPacket)
              .withInputs(100_000),
          Target.of("WorldCodec.decode", Seeds.planets(), WorldCodec::decode).withInputs(100_000),
          Target.of(
                  "RuleCodec.decode",
                  List.of(HexFormat.of().parseHex("a5020800a5020806a50286dd00000100")),
                  RuleCodec::decode)
              .withInputs(100_000),
          Target.of("NetworkConfigCodec.decode", List.of(configSeed()), NetworkConfigCodec::decode)
              .withInputs(50_000)
              .withAllocationLimit(Target.AllocationLimit.linear(64 * Target.KIB, 64)));

  static byte[] configSeed() {
    try {
      return NetworkConfigCodec.encode(NetworkConfigCodecTest.fullConfig());
    } catch (Exception e) {
      throw new IllegalStateException("the sample config builds", e);
    }
  }

  static final Identity CORPUS_A = Seeds.identity("A");
  static final Identity CORPUS_B = Seeds.identity("B");
  static final PacketCodec PACKETS = new PacketCodec();
  static final Armor A_TO_B = new Armor(CORPUS_B.agree(CORPUS_A).orElseThrow());

  /** Whole packets through dearmor, LZ4 and decode, as B hears A (most mutations fail the MAC). */
  static Object openPacket(byte[] input) throws ProtocolException {
    byte[] packet = input.clone();
    return PACKETS.open(packet, packet.length, A_TO_B);
  }

  static final int REASSEMBLER_INPUTS = 400_000;

  /**
   * One offer may allocate a queue slot's buffer (first use) and a completed packet: two times
   * 10024 bytes. Seven pieces' worth per offer, or a buffer per datagram, would exceed it.
   */
  static final long REASSEMBLER_ALLOCATION_LIMIT = 32 * Target.KIB;

  static WireReader reader(byte[] input) {
    return WireReader.of(input, "fuzz input");
  }

  /** The receive path's first look at a datagram: fragment header, else packet header. */
  static Object header(byte[] in) throws ProtocolException {
    if (Fragment.isFragment(in, in.length)) {
      return List.of(
          Fragment.packetId(in),
          Fragment.destination(in),
          Fragment.total(in),
          Fragment.number(in),
          Fragment.hops(in),
          Fragment.hasValidNumbering(in));
    }
    if (in.length < PacketHeader.MIN_LENGTH) {
      throw ProtocolException.truncated("packet", in.length, PacketHeader.MIN_LENGTH);
    }
    return List.of(
        PacketHeader.id(in),
        PacketHeader.destination(in),
        PacketHeader.source(in),
        PacketHeader.cipher(in),
        PacketHeader.hops(in),
        PacketHeader.isFragmented(in),
        PacketHeader.verb(in),
        PacketHeader.isCompressed(in));
  }

  @BeforeAll
  static void requireAllocationCounter() {
    assumeTrue(Allocations.supported(), "this JVM counts no per-thread allocation");
  }

  @Test
  void shouldFuzzAtLeastAMillionInputs() {
    long total = TARGETS.stream().mapToLong(Target::inputs).sum() + REASSEMBLER_INPUTS;

    assertThat(total).isGreaterThanOrEqualTo(1_000_000);
  }

  @TestFactory
  Stream<DynamicTest> shouldReturnValueOrThrowProtocolExceptionForEveryMutatedInput() {
    return TARGETS.stream()
        .map(target -> DynamicTest.dynamicTest(target.name(), () -> fuzz(target)));
  }

  static void fuzz(Target target) {
    Stats stats = new Stats();
    long start = System.nanoTime();
    // The seeds themselves first: it also loads the classes of the common paths, whose
    // allocations would otherwise be charged to the first mutated inputs.
    for (int i = 0; i < target.seeds().size(); i++) {
      check(target, target.seeds().get(i), "seed " + i, stats);
    }
    SplittableRandom inputSeeds = new SplittableRandom(RUN_SEED ^ target.name().hashCode());
    for (int i = 0; i < target.inputs(); i++) {
      long inputSeed = inputSeeds.nextLong();
      byte[] input = Mutator.mutate(target.seeds(), inputSeed);
      check(target, input, "input " + i + " (input seed " + hex(inputSeed) + ")", stats);
    }
    System.out.printf(
        "fuzz %-40s %3d seeds %,9d inputs: %,9d decoded %,9d rejected,"
            + " max %,7d bytes allocated, %,6d ms%n",
        target.name(),
        target.seeds().size(),
        target.inputs(),
        stats.accepted,
        stats.rejected,
        stats.maxAllocated,
        (System.nanoTime() - start) / 1_000_000);
    // Both outcomes must occur, or the mutations do not reach the decoder's interesting paths.
    assertThat(stats.accepted).as(target.name() + " decoded inputs").isPositive();
    assertThat(stats.rejected).as(target.name() + " rejected inputs").isPositive();
  }

  private static void check(Target target, byte[] input, String which, Stats stats) {
    long limit = target.allocationLimit().bytesFor(input.length);
    long allocated = decode(target, input, which, stats);
    if (allocated > limit) {
      // The first call down a new path may load a class or link a call site on this thread: an
      // input fails only when a second, warm call allocates too much as well.
      allocated = decode(target, input, which, new Stats());
      if (allocated > limit) {
        throw new AssertionError(
            failure(
                target, which, input, "allocated " + allocated + " bytes (limit: " + limit + ")"));
      }
    }
    stats.maxAllocated = Math.max(stats.maxAllocated, allocated);
  }

  /** Decodes once and returns the bytes allocated. */
  private static long decode(Target target, byte[] input, String which, Stats stats) {
    long before = Allocations.current();
    try {
      target.decode().decode(input);
      stats.accepted++;
    } catch (ProtocolException e) {
      stats.rejected++;
    } catch (Throwable t) {
      // RuntimeException, OutOfMemoryError, StackOverflowError: whatever it is, it is the bug.
      throw new AssertionError(failure(target, which, input, "threw " + t), t);
    }
    return Allocations.current() - before;
  }

  static String failure(Target target, String which, byte[] input, String what) {
    return target.name()
        + ": "
        + which
        + " of run seed "
        + hex(RUN_SEED)
        + " "
        + what
        + "\ninput ("
        + input.length
        + " bytes): "
        + HexFormat.of().formatHex(input);
  }

  private static String hex(long seed) {
    return "0x" + Long.toHexString(seed) + "L";
  }

  private static final class Stats {
    long accepted;
    long rejected;
    long maxAllocated;
  }

  @Test
  void shouldReportDecoderThatThrowsAnythingButProtocolExceptionWithSeedAndInput() {
    Target broken =
        Target.of(
                "broken",
                Seeds.endpoints(),
                in -> {
                  if (in.length > 0 && in[0] == (byte) 0xff) {
                    throw new IllegalStateException("unchecked");
                  }
                  return IpEndpoint.read(reader(in));
                })
            .withInputs(10_000);

    assertThatThrownBy(() -> fuzz(broken))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("broken: input ")
        .hasMessageContaining("input seed 0x")
        .hasMessageContaining("of run seed " + hex(RUN_SEED))
        .hasMessageContaining("threw java.lang.IllegalStateException: unchecked")
        .hasMessageMatching("(?s).*\\ninput \\(\\d+ bytes\\): ff[0-9a-f]*")
        .hasCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldReportDecoderThatAllocatesByLengthTakenFromItsInput() {
    Target trusting =
        Target.of(
                "trusting",
                Seeds.endpoints(),
                in -> {
                  WireReader reader = reader(in);
                  reader.u8();
                  return new byte[reader.u16()];
                })
            .withInputs(10_000)
            .withAllocationLimit(Target.SMALL_VALUE);

    assertThatThrownBy(() -> fuzz(trusting))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("trusting: ")
        .hasMessageMatching("(?s).* allocated \\d+ bytes \\(limit: 16384\\).*");
  }

  /**
   * The corpus datagrams, in order and half of them mutated, through one Reassembler with a clock
   * that advances a little per datagram: nothing but an outcome comes out, the queue never holds
   * more than {@link Reassembler#QUEUE_SIZE} packets, and no packet assembles past the maximum.
   */
  @Test
  void shouldKeepReassemblerWithinItsQueueLimitUnderMutatedCorpus() {
    Target target = Target.of("Reassembler.offer", Seeds.datagrams(), in -> null);
    List<byte[]> datagrams = target.seeds();
    Reassembler reassembler = new Reassembler();
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    SplittableRandom inputSeeds = new SplittableRandom(RUN_SEED ^ target.name().hashCode());
    long now = 0;
    long maxAllocated = 0;
    long start = System.nanoTime();
    for (int i = 0; i < REASSEMBLER_INPUTS; i++) {
      long inputSeed = inputSeeds.nextLong();
      byte[] datagram = datagrams.get(i % datagrams.size());
      byte[] next = datagrams.get((i + 1) % datagrams.size());
      byte[] input =
          (inputSeed & 1) == 0 ? datagram : Mutator.mutate(List.of(datagram, next), inputSeed);
      // Mostly a few ms apart (the queue fills up and evicts), now and then a pause long enough
      // for it to time out.
      now += (inputSeed >>> 8) % 1009 == 0 ? Reassembler.TIMEOUT_MILLIS : (inputSeed >>> 16) % 4;
      String which = "input " + i + " (input seed " + hex(inputSeed) + ", now " + now + ")";

      long before = Allocations.current();
      Result result;
      try {
        result = reassembler.offer(input, input.length, now);
      } catch (Throwable t) {
        throw new AssertionError(failure(target, which, input, "threw " + t), t);
      }
      long allocated = Allocations.current() - before;

      maxAllocated = Math.max(maxAllocated, allocated);
      outcomes.merge(result.outcome(), 1, Integer::sum);
      if (allocated > REASSEMBLER_ALLOCATION_LIMIT
          || reassembler.pending() > Reassembler.QUEUE_SIZE
          || (result.packet() != null && result.packet().length > Reassembler.MAX_LENGTH)) {
        throw new AssertionError(
            failure(
                target,
                which,
                input,
                "left "
                    + reassembler.pending()
                    + " pending, allocated "
                    + allocated
                    + " bytes, gave "
                    + result));
      }
    }
    System.out.printf(
        "fuzz %-40s %,9d inputs: %s, %,d expired, %,d evicted, max %,7d bytes allocated, %,6d ms%n",
        target.name(),
        REASSEMBLER_INPUTS,
        outcomes,
        reassembler.count(Outcome.EXPIRED),
        reassembler.count(Outcome.EVICTED),
        maxAllocated,
        (System.nanoTime() - start) / 1_000_000);
    assertThat(outcomes)
        .containsKeys(
            Outcome.COMPLETE,
            Outcome.PENDING,
            Outcome.NOT_FRAGMENTED,
            Outcome.TOO_SHORT,
            Outcome.BAD_FRAGMENT_NUMBER,
            Outcome.TOO_MANY_FRAGMENTS,
            Outcome.DUPLICATE,
            Outcome.INCONSISTENT_TOTAL);
    assertThat(reassembler.count(Outcome.EXPIRED)).isPositive();
    assertThat(reassembler.count(Outcome.EVICTED)).isPositive();
  }
}
