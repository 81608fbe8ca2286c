package dev.orbital.protocol.bench;

import dev.orbital.protocol.crypto.SymmetricKey;
import dev.orbital.protocol.packet.Armor;
import dev.orbital.protocol.packet.CipherSuite;
import dev.orbital.protocol.packet.PacketHeader;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Armor and dearmor of full-MTU packets (1432 bytes: one UDP datagram) for the two encrypting
 * suites, single thread. Throughput in packets/s; MB/s = ops/s × 1432 / 10^6 (for {@code
 * armorThenDearmor} each op is one packet out and one in). The annotations hold the short-run
 * settings, so one word selects a run:
 *
 * <pre>
 * ./mvnw -pl protocol -Pbench test-compile exec:exec -Dbench.args=ArmorBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ArmorBenchmark {

  private static final int PACKETS = 64;

  @Param({"POLY1305_SALSA2012", "AES_GMAC_SIV"})
  public CipherSuite cipher;

  @Param({"1432"})
  public int length;

  private Armor sender;
  private Armor receiver;
  private byte[] packet;
  private byte[][] armored;
  private byte[] scratch;
  private int next;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    byte[] key = new byte[SymmetricKey.LENGTH];
    random.nextBytes(key);
    sender = new Armor(new SymmetricKey(key));
    receiver = new Armor(new SymmetricKey(key));
    packet = new byte[length];
    scratch = new byte[length];
    armored = new byte[PACKETS][];
    for (int i = 0; i < PACKETS; i++) {
      byte[] p = new byte[length];
      random.nextBytes(p);
      p[PacketHeader.SOURCE] = 0x3a;
      p[PacketHeader.FLAGS] = 0;
      if (i == 0) {
        System.arraycopy(p, 0, packet, 0, length);
      }
      sender.armor(p, length, cipher);
      armored[i] = p;
    }
  }

  /** Armors the same buffer again and again (each pass re-encrypts the previous ciphertext). */
  @Benchmark
  public byte[] armor() {
    PacketHeader.setId(packet, next++);
    sender.armor(packet, length, cipher);
    return packet;
  }

  /** Copies one of 64 distinct armored packets and dearmors it (the copy is a small part). */
  @Benchmark
  public Armor.Result dearmor() {
    System.arraycopy(armored[next++ & (PACKETS - 1)], 0, scratch, 0, length);
    return receiver.dearmor(scratch, length);
  }

  /** One packet out and one in: armor then dearmor. */
  @Benchmark
  public Armor.Result armorThenDearmor() {
    PacketHeader.setId(packet, next++);
    sender.armor(packet, length, cipher);
    return receiver.dearmor(packet, length);
  }
}
