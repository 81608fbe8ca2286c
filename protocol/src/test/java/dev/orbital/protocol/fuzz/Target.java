package dev.orbital.protocol.fuzz;

import dev.orbital.protocol.ProtocolException;
import java.util.List;

/**
 * One decoder under fuzz: its name in failure messages, the seeds its mutated inputs grow from, how
 * many mutated inputs it gets, and how many bytes one call may allocate.
 *
 * <p>A new decoder is one line in {@link MutationFuzzTest#TARGETS}:
 *
 * <pre>
 * Target.of("VerbCodec.decode(HELLO)", Seeds.hellos(), in -&gt; VerbCodec.decode(1, in, 0, in.length))
 * </pre>
 *
 * and, if it costs more than the others or may allocate more, {@code .withInputs(n)} or {@code
 * .withAllocationLimit(...)}.
 */
record Target(
    String name, List<byte[]> seeds, Decoder decode, int inputs, AllocationLimit allocationLimit) {

  /** Mutated inputs per target unless it says otherwise. */
  static final int DEFAULT_INPUTS = 100_000;

  static final long KIB = 1024;

  /**
   * What a decoder of packet-sized input may allocate per call: room for a copy or two of the
   * largest packet (10024 bytes) and an exception, and far less than a buffer sized by a 16- or
   * 32-bit length taken from the input.
   */
  static final AllocationLimit PACKET_SIZED = AllocationLimit.fixed(64 * KIB);

  /**
   * For decoders of small fixed-layout values (identities, addresses, COMs): a few KiB is all they
   * need, so even a list or array sized by a 16-bit count would exceed it.
   */
  static final AllocationLimit SMALL_VALUE = AllocationLimit.fixed(16 * KIB);

  /** A decoder under test: it returns a value or throws {@link ProtocolException}, nothing else. */
  @FunctionalInterface
  interface Decoder {
    Object decode(byte[] input) throws ProtocolException;
  }

  /** The most bytes one call may allocate, given the length of its input. */
  @FunctionalInterface
  interface AllocationLimit {
    long bytesFor(int inputLength);

    static AllocationLimit fixed(long bytes) {
      return inputLength -> bytes;
    }

    /** For decoders whose output grows with their input, such as a dictionary's entries. */
    static AllocationLimit linear(long base, long perInputByte) {
      return inputLength -> base + perInputByte * inputLength;
    }
  }

  Target {
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException(name + " has no seeds");
    }
    seeds = List.copyOf(seeds);
  }

  static Target of(String name, List<byte[]> seeds, Decoder decode) {
    return new Target(name, seeds, decode, DEFAULT_INPUTS, PACKET_SIZED);
  }

  Target withInputs(int count) {
    return new Target(name, seeds, decode, count, allocationLimit);
  }

  Target withAllocationLimit(AllocationLimit limit) {
    return new Target(name, seeds, decode, inputs, limit);
  }

  @Override
  public String toString() {
    return name;
  }
}
