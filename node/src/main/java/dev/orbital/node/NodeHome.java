package dev.orbital.node;

import java.nio.file.Path;

/** The node's home directory and the files in it. */
public final class NodeHome {

  private final Path dir;

  public NodeHome(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** The local API token, generated (0600) on first use. */
  public String authToken() {
    throw new UnsupportedOperationException("TODO(#5)");
  }
}
