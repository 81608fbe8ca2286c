package dev.orbital.node.tap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TapNamesTest {

  @Test
  void shouldNameANetworkZtAndEightBase32CharactersOfItsFoldedId() {
    // 0x8056c2e21c000001: low 40 bits e21c000001 XOR high 24 bits 8056c2 = e21c8056c3
    // = 11100 01000 01110 01000 00000 10101 10110 00011 = 28 8 14 8 0 21 22 3
    assertThat(TapNames.forNetwork(0x8056c2e21c000001L)).isEqualTo("zt4ioiavwd");
  }

  @Test
  void shouldGiveValidDistinctNamesToNetworksOfOneController() {
    String first = TapNames.forNetwork(0x8056c2e21c000001L);
    String second = TapNames.forNetwork(0x8056c2e21c000002L);

    assertThat(first).isNotEqualTo(second);
    TapDevice.checkName(first);
    TapDevice.checkName(second);
    assertThat(first).hasSizeLessThanOrEqualTo(TapDevice.MAX_NAME_LENGTH);
  }
}
