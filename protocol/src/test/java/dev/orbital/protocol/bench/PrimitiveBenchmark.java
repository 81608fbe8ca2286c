package dev.orbital.protocol.bench;

import dev.orbital.protocol.crypto.AesGmacSiv;
import dev.orbital.protocol.crypto.Poly1305;
import dev.orbital.protocol.crypto.Salsa20;
import dev.orbital.protocol.crypto.SymmetricKey;
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

/** The primitives under {@link ArmorBenchmark}, one at a time, over a full-MTU payload. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PrimitiveBenchmark {

  @Param({"1404"})
  public int length;

  private final Salsa20 salsa = new Salsa20(12);
  private final Poly1305 poly1305 = new Poly1305();
  private AesGmacSiv aes;
  private byte[] key;
  private byte[] data;
  private final byte[] out = new byte[16];
  private final byte[] aad = new byte[11];
  private long nonce;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(1);
    key = new byte[SymmetricKey.LENGTH];
    random.nextBytes(key);
    aes = new AesGmacSiv(new SymmetricKey(key));
    data = new byte[length];
    random.nextBytes(data);
  }

  @Benchmark
  public byte[] salsa2012() {
    key[0] = (byte) nonce++;
    salsa.init(key, 0, key, 32).crypt(data, 0, length);
    return data;
  }

  @Benchmark
  public byte[] poly1305() {
    key[0] = (byte) nonce++;
    poly1305.init(key, 0).update(data, 0, length).finish(out, 0);
    return out;
  }

  @Benchmark
  public byte[] aesGmacSivEncrypt() {
    key[0] = (byte) nonce++;
    key[1] = (byte) (nonce >>> 8);
    aes.encrypt(key, 0, aad, 0, aad.length, data, 0, length, out, 0);
    return out;
  }
}
