package dev.orbital.protocol.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Grows one hostile input from a list of seeds, deterministically: the same {@code inputSeed} gives
 * the same bytes, so a failure message's seed reproduces its input with {@link #mutate}.
 *
 * <p>An input is a copy of a random seed with one to four mutations stacked on it, each one of: a
 * bit flip; a byte set to 0, 1, 0x7f, 0x80 or 0xff; truncation at a random point; extension with
 * random bytes; a 1-, 2-, 4- or 8-byte big-endian field forced to a huge value (where length and
 * count fields live, half of them within the first 32 bytes); a slice duplicated in place; a splice
 * of the head of this input and the tail of another seed. Inputs stop growing at {@link
 * #MAX_LENGTH}.
 */
final class Mutator {

  /** Somewhat more than the largest packet (10024 bytes), so oversize paths are reached too. */
  static final int MAX_LENGTH = 12 * 1024;

  private static final byte[] BOUNDARY = {0, 1, 0x7f, (byte) 0x80, (byte) 0xff};
  private static final int MUTATIONS = 7;
  private static final int HEADER_BIAS = 32;

  private Mutator() {}

  static byte[] mutate(List<byte[]> seeds, long inputSeed) {
    SplittableRandom random = new SplittableRandom(inputSeed);
    byte[] input = seeds.get(random.nextInt(seeds.size())).clone();
    int rounds = 1 + random.nextInt(4);
    for (int round = 0; round < rounds; round++) {
      input = mutateOnce(input, seeds, random);
      if (input.length > MAX_LENGTH) {
        input = Arrays.copyOf(input, MAX_LENGTH);
      }
    }
    return input;
  }

  private static byte[] mutateOnce(byte[] input, List<byte[]> seeds, SplittableRandom random) {
    int length = input.length;
    int kind = random.nextInt(MUTATIONS);
    if (length == 0 && kind != 3 && kind != 6) {
      kind = 3;
    }
    switch (kind) {
      case 0 -> input[position(length, random)] ^= (byte) (1 << random.nextInt(8));
      case 1 -> input[position(length, random)] = BOUNDARY[random.nextInt(BOUNDARY.length)];
      case 2 -> input = Arrays.copyOf(input, random.nextInt(length));
      case 3 -> {
        int extra = 1 + random.nextInt(random.nextInt(8) == 0 ? 2048 : 32);
        byte[] longer = Arrays.copyOf(input, length + extra);
        for (int i = length; i < longer.length; i++) {
          longer[i] = (byte) random.nextInt(256);
        }
        input = longer;
      }
      case 4 -> forceHugeField(input, random);
      case 5 -> {
        int from = random.nextInt(length);
        int count = 1 + random.nextInt(Math.min(length - from, 256));
        int at = random.nextInt(length + 1);
        byte[] longer = new byte[length + count];
        System.arraycopy(input, 0, longer, 0, at);
        System.arraycopy(input, from, longer, at, count);
        System.arraycopy(input, at, longer, at + count, length - at);
        input = longer;
      }
      default -> {
        byte[] other = seeds.get(random.nextInt(seeds.size()));
        int cut = random.nextInt(length + 1);
        int otherCut = random.nextInt(other.length + 1);
        byte[] spliced = Arrays.copyOf(input, cut + other.length - otherCut);
        System.arraycopy(other, otherCut, spliced, cut, other.length - otherCut);
        input = spliced;
      }
    }
    return input;
  }

  /** Writes all ones, the top bit alone or all but the top bit, big-endian, over 1..8 bytes. */
  private static void forceHugeField(byte[] input, SplittableRandom random) {
    int width = Math.min(1 << random.nextInt(4), input.length);
    int at = position(input.length - width + 1, random);
    int shape = random.nextInt(3);
    for (int i = 0; i < width; i++) {
      input[at + i] =
          switch (shape) {
            case 0 -> (byte) 0xff;
            case 1 -> (byte) (i == 0 ? 0x80 : 0x00);
            default -> (byte) (i == 0 ? 0x7f : 0xff);
          };
    }
  }

  /** A random index below {@code length}, half the time within the first 32 bytes. */
  private static int position(int length, SplittableRandom random) {
    return random.nextInt(random.nextBoolean() ? Math.min(length, HEADER_BIAS) : length);
  }
}
