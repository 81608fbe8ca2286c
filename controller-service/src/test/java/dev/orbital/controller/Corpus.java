package dev.orbital.controller;

import dev.orbital.protocol.identity.Identity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The stock 1.14.1 conformance corpus (copied from the protocol module's test resources): A is the
 * controller e7745d5aa3 of network e7745d5aa3c51def, B 3a77b41ec3 and C a4c90e16e5 its members.
 */
public final class Corpus {

  public static final long NETWORK_ID = 0xe7745d5aa3c51defL;

  private Corpus() {}

  public static Identity identity(String name) {
    try (InputStream in =
        Corpus.class.getResourceAsStream(
            "/conformance/zerotier-1.14.1/" + name + ".identity.secret")) {
      return Identity.parse(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
