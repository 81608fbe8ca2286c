package dev.orbital.node.tap;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.MacAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TapStateTest {

  private static final MacAddress MAC = new MacAddress(0x32_77_b4_1e_c3_01L);

  @Test
  void shouldRejectAMulticastMac() {
    assertThatThrownBy(
            () -> new TapState(new MacAddress(0x0100_5e00_0001L), 2800, Set.of(), Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unicast");
  }

  @Test
  void shouldRejectAnMtuOutsideTheRangeNetworksAllow() {
    assertThatThrownBy(() -> new TapState(MAC, 67, Set.of(), Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MTU must be 68-10000: 67");
    assertThatThrownBy(() -> new TapState(MAC, 10001, Set.of(), Set.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("MTU must be 68-10000: 10001");
  }
}
