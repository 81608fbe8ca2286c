package dev.orbital.protocol.world;

/** The kind of a world: the one planet every node uses, or a moon a node orbits by choice. */
public enum WorldType {
  PLANET(1),
  MOON(127);

  private final int code;

  WorldType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The type for a wire code, or null (0 is the "null world", which is never valid here). */
  public static WorldType of(int code) {
    for (WorldType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    return null;
  }
}
