package dev.orbital.protocol.conformance;

import dev.orbital.protocol.identity.Identity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The stock ZeroTier One 1.14.1 corpus on the test classpath. Nodes: A = root and controller
 * e7745d5aa3, B = 3a77b41ec3, C = a4c90e16e5, D = 3b9f8c5447.
 */
public final class Corpus {

  public static final String DIRECTORY = "/conformance/zerotier-1.14.1/";

  private Corpus() {}

  public static byte[] bytes(String file) {
    try (InputStream in = Corpus.class.getResourceAsStream(DIRECTORY + file)) {
      if (in == null) {
        throw new IllegalArgumentException("no corpus file " + file);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String file) {
    return new String(bytes(file), StandardCharsets.UTF_8);
  }

  /** Every UDP datagram of the capture, in capture order. */
  public static List<PcapReader.Datagram> datagrams() {
    return PcapReader.readResource(DIRECTORY + "sample-handshake-config.pcap");
  }

  /** The secret identity of node {@code "A"} .. {@code "D"}. */
  public static Identity identity(String node) {
    return Identity.parse(text(node + ".identity.secret"));
  }
}
