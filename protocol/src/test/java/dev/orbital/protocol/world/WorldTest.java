package dev.orbital.protocol.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.conformance.Corpus;
import dev.orbital.protocol.identity.Identity;
import java.io.IOException;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorldTest {

  private static final long CORPUS_WORLD_ID = 0x5a5a000001L;

  /** Offset of rootCount: type(1) id(8) ts(8) key(64) signature(96). */
  private static final int ROOT_COUNT_AT = 177;

  private static final int ENDPOINT_COUNT_AT = ROOT_COUNT_AT + 1 + Identity.PUBLIC_BINARY_LENGTH;

  private static byte[] resource(String name) {
    return Corpus.bytes(name);
  }

  private static Identity identity(String node) {
    return Corpus.identity(node);
  }

  private static WorldSigningKey updateKey() throws IOException {
    JsonNode json = new ObjectMapper().readTree(resource("updatekey.json"));
    HexFormat hex = HexFormat.of();
    return WorldSigningKey.of(
        hex.parseHex(json.get("pub").asText()), hex.parseHex(json.get("priv").asText()));
  }

  private static World planet(int version) throws IOException, ProtocolException {
    return WorldCodec.decode(resource("planet.v" + version));
  }

  @Test
  void shouldParseTheCorpusPlanets() throws Exception {
    World v1 = planet(1);
    World v2 = planet(2);

    assertThat(v1.type()).isEqualTo(WorldType.PLANET);
    assertThat(v1.id()).isEqualTo(CORPUS_WORLD_ID);
    assertThat(v1.timestamp()).isEqualTo(1000);
    assertThat(v2.timestamp()).isEqualTo(2000);
    assertThat(v1.updatesMustBeSignedBy()).isEqualTo(updateKey().publicKey());
    assertThat(v1.roots()).hasSize(1);
    World.Root root = v1.roots().get(0);
    assertThat(root.identity()).isEqualTo(identity("A").toPublic());
    assertThat(root.stableEndpoints())
        .containsExactly(new IpEndpoint(InetAddress.getByName("10.77.0.1"), 9993));
    assertThat(v1.extension()).isEmpty();
  }

  @Test
  void shouldReencodeTheCorpusPlanetsByteForByte() throws Exception {
    for (int version : new int[] {1, 2}) {
      byte[] original = resource("planet.v" + version);
      World world = WorldCodec.decode(original);

      assertThat(world.toBytes()).as("planet.v%d", version).isEqualTo(original);
      assertThat(world.encodedLength()).isEqualTo(original.length);
    }
  }

  @Test
  void shouldAcceptV2AsSignedUpdateOfV1() throws Exception {
    World v1 = planet(1);
    World v2 = planet(2);

    assertThat(v2.verifySignature(v1.updatesMustBeSignedBy())).isTrue();
    assertThat(World.shouldReplace(v1, v2)).isTrue();
    assertThat(World.shouldReplace(v2, v1)).isFalse();
    assertThat(World.shouldReplace(v2, v2)).isFalse();
  }

  @Test
  void shouldAcceptAnyFirstWorldUnsigned() throws Exception {
    World unsigned = World.of(WorldType.PLANET, 7, 1, new byte[64], List.of());

    assertThat(World.shouldReplace(null, unsigned)).isTrue();
    assertThat(World.shouldReplace(null, planet(2))).isTrue();
  }

  @Test
  void shouldSignV2ContentExactlyAsStockDid() throws Exception {
    World v2 = planet(2);
    World unsigned =
        World.of(v2.type(), v2.id(), v2.timestamp(), v2.updatesMustBeSignedBy(), v2.roots());

    World resigned = unsigned.sign(updateKey());

    assertThat(resigned.signature()).isEqualTo(v2.signature());
    assertThat(resigned.toBytes()).isEqualTo(resource("planet.v2"));
  }

  @Test
  void shouldSignOverMarkedFormWithoutSignature() throws Exception {
    World v2 = planet(2);
    byte[] file = resource("planet.v2");

    byte[] input = WorldCodec.signingInput(v2);

    byte[] expected = new byte[8 + 81 + (file.length - 177) + 8];
    Arrays.fill(expected, 0, 8, (byte) 0x7f);
    System.arraycopy(file, 0, expected, 8, 81); // type, id, timestamp, update key
    System.arraycopy(file, 177, expected, 89, file.length - 177); // roots
    Arrays.fill(expected, expected.length - 8, expected.length, (byte) 0xf7);
    assertThat(input).isEqualTo(expected);
  }

  @Test
  void shouldRejectUpdateWithBadSignature() throws Exception {
    byte[] bytes = resource("planet.v2");
    bytes[100] ^= 1; // inside the signature

    World tampered = WorldCodec.decode(bytes);

    assertThat(World.shouldReplace(planet(1), tampered)).isFalse();
  }

  @Test
  void shouldRejectUpdateSignedByAnotherKey() throws Exception {
    World v2 = planet(2);
    World other =
        World.of(v2.type(), v2.id(), 3000, v2.updatesMustBeSignedBy(), v2.roots())
            .sign(WorldSigningKey.generate(new SecureRandom()));

    assertThat(World.shouldReplace(v2, other)).isFalse();
  }

  @Test
  void shouldRejectUpdateWithOtherIdOrType() throws Exception {
    World v1 = planet(1);
    WorldSigningKey key = updateKey();
    World otherId =
        World.of(WorldType.PLANET, CORPUS_WORLD_ID + 1, 3000, key.publicKey(), v1.roots())
            .sign(key);
    World moon =
        World.of(WorldType.MOON, CORPUS_WORLD_ID, 3000, key.publicKey(), v1.roots()).sign(key);
    World good =
        World.of(WorldType.PLANET, CORPUS_WORLD_ID, 3000, key.publicKey(), v1.roots()).sign(key);

    assertThat(World.shouldReplace(v1, otherId)).isFalse();
    assertThat(World.shouldReplace(v1, moon)).isFalse();
    assertThat(World.shouldReplace(v1, good)).isTrue();
  }

  @Test
  void shouldRejectOlderOrSameTimestamp() throws Exception {
    World v2 = planet(2);
    WorldSigningKey key = updateKey();

    World same = World.of(WorldType.PLANET, CORPUS_WORLD_ID, 2000, key.publicKey(), v2.roots());
    World older = World.of(WorldType.PLANET, CORPUS_WORLD_ID, 1500, key.publicKey(), v2.roots());

    assertThat(World.shouldReplace(v2, same.sign(key))).isFalse();
    assertThat(World.shouldReplace(v2, older.sign(key))).isFalse();
  }

  @Test
  void shouldRejectMoreThanFourRoots() throws Exception {
    byte[] bytes = resource("planet.v1");
    bytes[ROOT_COUNT_AT] = 5;

    assertThatThrownBy(() -> WorldCodec.decode(bytes))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("world root count: 5 (limit: 4)");
    World.Root root = planet(1).roots().get(0);
    assertThatThrownBy(
            () -> World.of(WorldType.PLANET, 1, 1, new byte[64], Collections.nCopies(5, root)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectMoreThanThirtyTwoEndpointsPerRoot() throws Exception {
    byte[] bytes = resource("planet.v1");
    bytes[ENDPOINT_COUNT_AT] = 33;

    assertThatThrownBy(() -> WorldCodec.decode(bytes))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("root stable endpoint count: 33 (limit: 32)");
    IpEndpoint endpoint = new IpEndpoint(InetAddress.getByName("10.77.0.1"), 9993);
    Identity a = identity("A");
    assertThatThrownBy(() -> new World.Root(a, Collections.nCopies(33, endpoint)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectUnknownWorldType() throws Exception {
    for (int type : new int[] {0, 2, 126, 255}) {
      byte[] bytes = resource("planet.v1");
      bytes[0] = (byte) type;
      assertThatThrownBy(() -> WorldCodec.decode(bytes))
          .as("type %d", type)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("unknown world type " + type);
    }
  }

  @Test
  void shouldRejectPlanetTruncatedAtAnyOffset() throws Exception {
    byte[] bytes = resource("planet.v2");

    for (int length = 0; length < bytes.length; length++) {
      byte[] cut = Arrays.copyOf(bytes, length);
      assertThatThrownBy(() -> WorldCodec.decode(cut))
          .as("cut at %d", length)
          .isInstanceOf(ProtocolException.class)
          .hasMessageContaining("truncated world");
    }
  }

  @Test
  void shouldRejectTrailingBytesInAWorldFileButLeaveThemToAReader() throws Exception {
    byte[] bytes = Arrays.copyOf(resource("planet.v1"), 258);

    assertThatThrownBy(() -> WorldCodec.decode(bytes))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("1 unexpected trailing bytes");
    WireReader in = WireReader.of(bytes, "OK(HELLO)");
    assertThat(World.read(in)).isEqualTo(planet(1));
    assertThat(in.remaining()).isEqualTo(1);
  }

  @Test
  void shouldRefuseSigningKeyWhoseHalvesDoNotMatch() throws Exception {
    WorldSigningKey key = updateKey();
    byte[] otherPrivate = WorldSigningKey.generate(new SecureRandom()).privateKey();

    assertThatThrownBy(() -> WorldSigningKey.of(key.publicKey(), otherPrivate))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(key.toString()).doesNotContain(HexFormat.of().formatHex(key.privateKey()));
    assertThat(key.toString()).doesNotContain(HexFormat.of().formatHex(key.privateKey(), 0, 8));
  }

  @Test
  void shouldCallEarthByItsWorldId() {
    assertThat(World.EARTH_ID).isEqualTo(0x08EAC90AL);
  }
}
