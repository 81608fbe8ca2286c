package dev.orbital.protocol.verb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.identity.Identity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConfigAssemblerTest {

  static final Identity CONTROLLER = PacketCodecTest.A;
  static final long NWID = 0xe7745d5aa3c51defL;

  static byte[] dictionary(int length) {
    byte[] bytes = new byte[length];
    new Random(length).nextBytes(bytes);
    return bytes;
  }

  @Test
  void shouldAssembleChunksArrivingOutOfOrderAndTwice() throws Exception {
    byte[] dictionary = dictionary(30_000);
    List<ConfigChunk> chunks =
        new ArrayList<>(ConfigChunk.split(NWID, dictionary, 77, 0, CONTROLLER));
    assertThat(chunks).hasSize(4);
    Collections.reverse(chunks);
    chunks.add(1, chunks.get(0));
    ConfigAssembler assembler = new ConfigAssembler();

    List<byte[]> completed = new ArrayList<>();
    for (ConfigChunk chunk : chunks) {
      assembler.add(chunk).ifPresent(completed::add);
    }

    assertThat(completed).hasSize(1);
    assertThat(completed.get(0)).isEqualTo(dictionary);
  }

  @Test
  void shouldAssembleInterleavedUpdatesSideBySide() throws Exception {
    List<ConfigChunk> old = ConfigChunk.split(NWID, dictionary(20_000), 1, 0, CONTROLLER);
    byte[] fresh = dictionary(20_001);
    List<ConfigChunk> newer = ConfigChunk.split(NWID, fresh, 2, 0, CONTROLLER);
    ConfigAssembler assembler = new ConfigAssembler();

    assertThat(assembler.add(old.get(0))).isEmpty();
    assertThat(assembler.add(newer.get(1))).isEmpty();
    assertThat(assembler.add(old.get(1))).isEmpty();
    assertThat(assembler.add(newer.get(0))).isEmpty();
    assertThat(assembler.add(newer.get(2))).contains(fresh);
  }

  @Test
  void shouldRefuseChunksClaimingMoreThanAConfigMayHold() {
    ConfigChunk huge =
        ConfigChunk.signed(NWID, new byte[10], 0, 5, Integer.MAX_VALUE, 0, CONTROLLER);

    assertThatThrownBy(() -> new ConfigAssembler().add(huge))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("config total length");
  }
}
