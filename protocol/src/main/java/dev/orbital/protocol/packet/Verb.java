package dev.orbital.protocol.packet;

/** Verb numbers (the low five bits of the verb byte). */
public enum Verb {
  NOP(0x00),
  HELLO(0x01),
  ERROR(0x02),
  OK(0x03),
  WHOIS(0x04),
  RENDEZVOUS(0x05),
  FRAME(0x06),
  EXT_FRAME(0x07),
  ECHO(0x08),
  MULTICAST_LIKE(0x09),
  NETWORK_CREDENTIALS(0x0a),
  NETWORK_CONFIG_REQUEST(0x0b),
  NETWORK_CONFIG(0x0c),
  MULTICAST_GATHER(0x0d),
  MULTICAST_FRAME(0x0e),
  PUSH_DIRECT_PATHS(0x10),
  ACK(0x12),
  QOS_MEASUREMENT(0x13),
  USER_MESSAGE(0x14),
  REMOTE_TRACE(0x15),
  PATH_NEGOTIATION_REQUEST(0x16);

  private static final Verb[] BY_CODE = new Verb[32];

  static {
    for (Verb verb : values()) {
      BY_CODE[verb.code] = verb;
    }
  }

  private final int code;

  Verb(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The verb for a code, or null for an unknown one (which receivers count and drop). */
  public static Verb of(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }
}
