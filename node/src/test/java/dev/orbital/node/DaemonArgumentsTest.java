package dev.orbital.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.node.Main.DaemonArguments;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DaemonArgumentsTest {

  @Test
  void shouldTakeEveryDaemonOption() {
    DaemonArguments parsed =
        DaemonArguments.parse(
            new String[] {
              "daemon",
              "--home",
              "/tmp/n",
              "--port",
              "9994",
              "--api-port",
              "9995",
              "--planet",
              "/tmp/planet",
              "--bind",
              "127.0.0.1",
              "--relay",
              "wss://relay.example:443/relay",
              "--relay-sha256",
              "AB:CD",
              "--force-tcp-relay"
            });

    NodeOptions options = parsed.options();
    assertThat(options.home()).isEqualTo(Path.of("/tmp/n"));
    assertThat(options.port()).isEqualTo(9994);
    assertThat(parsed.apiPort()).isEqualTo(9995);
    assertThat(options.planetFile()).contains(Path.of("/tmp/planet"));
    assertThat(options.forceTcpRelay()).isTrue();
    assertThat(options.relay())
        .hasValueSatisfying(
            relay ->
                assertThat(relay.relay()).isEqualTo(URI.create("wss://relay.example:443/relay")));
  }

  @Test
  void shouldServeTheLocalApiOnTheUdpPortByDefaultAndRelayOnlyWhenTold() {
    DaemonArguments parsed = DaemonArguments.parse(new String[] {"--port", "9993"});

    assertThat(parsed.apiPort()).isEqualTo(9993);
    assertThat(parsed.options().relay()).isEmpty();
    assertThat(parsed.options().forceTcpRelay()).isFalse();
  }

  @Test
  void shouldRefuseARelayThatIsNotTcpOrWss() {
    assertThatThrownBy(() -> DaemonArguments.parse(new String[] {"--relay", "http://x:80"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--relay must be tcp://host:port or wss://host:port/path");
  }

  @Test
  void shouldRefuseForcingTheRelayWithoutOne() {
    assertThatThrownBy(() -> DaemonArguments.parse(new String[] {"--force-tcp-relay"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--force-tcp-relay needs --relay");
  }
}
