package dev.orbital.root.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.QuarkusUnitTest;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A bad world definition stops the service at start with a message naming the key. */
class RootConfigStartupTest {

  @RegisterExtension
  static final QuarkusUnitTest APP =
      new QuarkusUnitTest()
          .withApplicationRoot(jar -> jar.addPackages(true, "dev.orbital.root"))
          .overrideConfigKey("orbital.root.world.id", "149604618")
          .overrideConfigKey("orbital.root.world.timestamp", "1")
          .overrideConfigKey("orbital.root.world.roots[0].endpoints", "127.0.0.1/39995")
          .overrideConfigKey("orbital.root.bind-address", "127.0.0.1")
          .overrideConfigKey("orbital.root.port", "39995")
          .overrideConfigKey("orbital.root.data-dir", "target/root-config-test")
          .overrideConfigKey("orbital.root.presence.enabled", "false")
          .overrideConfigKey("quarkus.devservices.enabled", "false")
          .assertException(
              failure -> {
                Throwable cause = failure;
                while (cause.getCause() != null
                    && !String.valueOf(cause.getMessage()).contains("orbital.root.world.id")) {
                  cause = cause.getCause();
                }
                assertThat(cause).hasMessageContaining("orbital.root.world.id");
                assertThat(cause).hasMessageContaining("Earth");
              });

  @Test
  void shouldRefuseToStartWithEarthsWorldId() {
    Assertions.fail("the application must not start");
  }
}
