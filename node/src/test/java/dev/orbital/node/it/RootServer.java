package dev.orbital.node.it;

import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.world.World;
import dev.orbital.protocol.world.WorldCodec;
import dev.orbital.testing.process.ServiceProcess;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** The root-server module's packaged program, started on the host for an end-to-end test. */
final class RootServer implements AutoCloseable {

  private final ServiceProcess process;
  private final Identity identity = Identity.generate(new SecureRandom());
  private final InetSocketAddress endpoint;
  private final byte[] planet;

  RootServer(String address, Path dataDir) throws Exception {
    int udpPort = freeUdpPort();
    int httpPort = freeTcpPort();
    endpoint = new InetSocketAddress(address, udpPort);
    process =
        ServiceProcess.quarkusApp("root-server")
            .property("quarkus.http.port", httpPort)
            .property("orbital.root.port", udpPort)
            .property("orbital.root.bind-address", "0.0.0.0")
            .property("orbital.root.data-dir", dataDir.toString())
            .property("orbital.root.identity", identity.toSecretString())
            .property(
                "orbital.root.world.id", 0x0e2e0000L + ThreadLocalRandom.current().nextInt(0xffff))
            .property("orbital.root.world.timestamp", 1)
            .property("orbital.root.world.roots[0].identity", identity.toString())
            .property("orbital.root.world.roots[0].endpoints", address + "/" + udpPort)
            .property("orbital.root.presence.enabled", false)
            .property("orbital.root.limits.identity-validation-interval", "10ms")
            .property("mp.messaging.outgoing.presence.enabled", false)
            .start();
    URI planetUri = URI.create("http://127.0.0.1:" + httpPort + "/world/planet");
    process.awaitHttpOk(planetUri, Duration.ofSeconds(60));
    planet =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(planetUri).build(), HttpResponse.BodyHandlers.ofByteArray())
            .body();
    World world = WorldCodec.decode(planet);
    if (world.roots().isEmpty()
        || !world.roots().get(0).stableEndpoints().contains(IpEndpoint.of(endpoint))) {
      throw new IllegalStateException("unexpected planet " + world);
    }
  }

  Identity identity() {
    return identity;
  }

  InetSocketAddress endpoint() {
    return endpoint;
  }

  void writePlanet(Path file) throws IOException {
    Files.write(file, planet);
  }

  String logTail() {
    return process.logTail(40);
  }

  @Override
  public void close() {
    process.close();
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket socket = new DatagramSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static int freeTcpPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
