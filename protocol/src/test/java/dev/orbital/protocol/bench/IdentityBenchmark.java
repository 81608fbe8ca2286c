package dev.orbital.protocol.bench;

import dev.orbital.protocol.identity.Identity;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Identity generation (a random number of memory-hard hashes, about 15 on average) and one
 * validation (one hash), in milliseconds per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IdentityBenchmark {

  private SecureRandom random;
  private Identity identity;

  @Setup
  public void setUp() {
    random = new SecureRandom();
    identity = Identity.generate(random);
  }

  /** Each call runs a random number of hashes, so it needs long iterations to average out. */
  @Benchmark
  @Warmup(iterations = 2, time = 5)
  @Measurement(iterations = 5, time = 10)
  public Identity generate() {
    return Identity.generate(random);
  }

  @Benchmark
  public boolean locallyValidate() {
    return identity.locallyValidate();
  }
}
