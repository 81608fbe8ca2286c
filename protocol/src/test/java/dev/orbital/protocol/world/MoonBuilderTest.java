package dev.orbital.protocol.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.conformance.Corpus;
import dev.orbital.protocol.identity.Identity;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MoonBuilderTest {

  private final WorldSigningKey key = WorldSigningKey.generate(new SecureRandom());

  private static Identity identity(String node) {
    return Corpus.identity(node);
  }

  @Test
  void shouldBuildMoonLikeInitmoonAndGenmoon() throws Exception {
    Identity seed = identity("C");
    IpEndpoint endpoint = new IpEndpoint(InetAddress.getByName("10.77.0.3"), 9993);

    World moon = MoonBuilder.initMoon(seed, key).root(seed, List.of(endpoint)).build(1234);

    assertThat(moon.type()).isEqualTo(WorldType.MOON);
    assertThat(moon.id()).isEqualTo(seed.address().value());
    assertThat(moon.timestamp()).isEqualTo(1234);
    assertThat(moon.updatesMustBeSignedBy()).isEqualTo(key.publicKey());
    assertThat(moon.roots()).containsExactly(new World.Root(seed, List.of(endpoint)));
    assertThat(moon.verifySignature(key.publicKey())).isTrue();
  }

  @Test
  void shouldEncodeMoonWithEmptyExtensionAndRoundTrip() throws Exception {
    World moon = MoonBuilder.initMoon(identity("C"), key).build(1);

    byte[] bytes = moon.toBytes();

    assertThat(Arrays.copyOfRange(bytes, bytes.length - 2, bytes.length)).containsExactly(0, 0);
    assertThat(bytes[0]).isEqualTo((byte) 127);
    World decoded = WorldCodec.decode(bytes);
    assertThat(decoded).isEqualTo(moon);
    assertThat(decoded.toBytes()).isEqualTo(bytes);
    byte[] input = WorldCodec.signingInput(moon);
    assertThat(Arrays.copyOfRange(input, input.length - 10, input.length - 8))
        .containsExactly(0, 0);
  }

  @Test
  void shouldKeepMoonExtensionOutsideTheSignature() throws Exception {
    byte[] plain = MoonBuilder.initMoon(identity("C"), key).build(1).toBytes();
    ByteBuffer withExtension = ByteBuffer.allocate(plain.length + 3);
    withExtension.put(plain, 0, plain.length - 2).putShort((short) 3).put(new byte[] {1, 2, 3});

    World moon = WorldCodec.decode(withExtension.array());

    assertThat(moon.extension()).containsExactly(1, 2, 3);
    assertThat(moon.toBytes()).isEqualTo(withExtension.array());
    assertThat(moon.verifySignature(key.publicKey())).isTrue();
  }

  @Test
  void shouldSortRootsByAddressAndReplaceSameRoot() throws Exception {
    Identity c = identity("C");
    Identity b = identity("B");
    IpEndpoint endpoint = new IpEndpoint(InetAddress.getByName("10.77.0.2"), 9993);

    World moon =
        MoonBuilder.initMoon(c, key).root(b, List.of()).root(b, List.of(endpoint)).build(5);

    assertThat(moon.roots())
        .extracting(root -> root.identity().address())
        .containsExactly(b.address(), c.address());
    assertThat(moon.roots().get(0).stableEndpoints()).containsExactly(endpoint);
  }

  @Test
  void shouldReplaceMoonOnlyWithNewerRevisionSignedByItsKey() throws Exception {
    Identity seed = identity("C");
    World first = MoonBuilder.initMoon(seed, key).build(1);
    WorldSigningKey nextKey = WorldSigningKey.generate(new SecureRandom());
    World second =
        MoonBuilder.initMoon(seed, key).updatesMustBeSignedBy(nextKey.publicKey()).build(2);
    World third = MoonBuilder.initMoon(seed, nextKey).build(3);
    World thirdSignedByOldKey = MoonBuilder.initMoon(seed, key).build(3);

    assertThat(World.shouldReplace(first, second)).isTrue();
    assertThat(World.shouldReplace(second, third)).isTrue();
    assertThat(World.shouldReplace(second, thirdSignedByOldKey)).isFalse();
  }

  @Test
  void shouldTakeExplicitMoonId() throws Exception {
    World moon = MoonBuilder.initMoon(identity("C"), key).id(0xabcdefL).build(1);

    assertThat(moon.id()).isEqualTo(0xabcdefL);
    assertThatThrownBy(
            () -> MoonBuilder.initMoon(identity("C"), key).updatesMustBeSignedBy(new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectOversizedMoonExtension() throws Exception {
    byte[] plain = MoonBuilder.initMoon(identity("C"), key).build(1).toBytes();
    ByteBuffer bytes = ByteBuffer.allocate(plain.length);
    bytes.put(plain, 0, plain.length - 2).putShort((short) 0xffff);

    assertThatThrownBy(() -> WorldCodec.decode(bytes.array()))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("moon extension length: 65535 (limit: 8480)");
  }
}
