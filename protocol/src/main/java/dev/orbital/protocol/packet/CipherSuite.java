package dev.orbital.protocol.packet;

/**
 * The cipher suite in bits 3..5 of the flags byte ({@code (flags >> 3) & 7}).
 *
 * <pre>
 * 0 POLY1305_NONE       Poly1305 MAC, payload in clear: HELLO only
 * 1 POLY1305_SALSA2012  Salsa20/12 + Poly1305: to peers announcing protocol &lt; 12
 * 2 TRUSTED_PATH        no crypto; the MAC field is a configured trusted path ID
 * 3 AES_GMAC_SIV        AES-GMAC-SIV: to peers announcing protocol &gt;= 12
 * </pre>
 */
public enum CipherSuite {
  POLY1305_NONE(0),
  POLY1305_SALSA2012(1),
  TRUSTED_PATH(2),
  AES_GMAC_SIV(3);

  /** The first protocol version whose peers get AES-GMAC-SIV from stock nodes. */
  public static final int AES_MIN_PROTOCOL_VERSION = 12;

  private static final CipherSuite[] BY_ID = values();

  private final int id;

  CipherSuite(int id) {
    this.id = id;
  }

  public int id() {
    return id;
  }

  /** The suite with this 3-bit id, or null for the unassigned ids 4..7. */
  public static CipherSuite of(int id) {
    return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
  }

  /** The suite named in a packet's flags byte, or null if unassigned. */
  public static CipherSuite of(byte[] packet) {
    return of(PacketHeader.cipher(packet));
  }

  /**
   * What a stock 1.14.1 node encrypts with toward a peer that announced {@code protocolVersion} (0
   * while unknown): AES-GMAC-SIV from 12 on, Salsa20/12-Poly1305 below. HELLO always uses {@link
   * #POLY1305_NONE}.
   */
  public static CipherSuite forEncryptionTo(int protocolVersion) {
    return protocolVersion >= AES_MIN_PROTOCOL_VERSION ? AES_GMAC_SIV : POLY1305_SALSA2012;
  }
}
