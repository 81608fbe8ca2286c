package dev.orbital.protocol.packet;

import dev.orbital.protocol.crypto.AesGmacSiv;
import dev.orbital.protocol.crypto.Poly1305;
import dev.orbital.protocol.crypto.Salsa20;
import dev.orbital.protocol.crypto.SymmetricKey;

/**
 * Armors and dearmors whole assembled packets in place under the key agreed with one peer (spec
 * §5). The packet starts at index 0 of the array; {@code length} is the assembled packet length.
 *
 * <pre>
 * cipher 0/1  mk   = key[0..31] XOR (packet[0..17] ‖ flags&amp;0xF8 ‖ LE16(length) ‖ 0…)
 *             ks   = Salsa20/12(mk, nonce = packet[0..7]); Poly1305 key = ks[0..31]
 *             cipher 1 only: packet[27..] ^= ks[64..]      (the legacy 0x80 flag is set)
 *             packet[19..26] = Poly1305(packet[27..])[0..7]
 * cipher 3    AES-GMAC-SIV (see AesGmacSiv) with iv = packet[0..7],
 *             aad = packet[8..18] with flags&amp;0xF8; packet[0..7] ‖ packet[19..26] = the tag
 * </pre>
 *
 * The hop count (flags &amp; 0x07) is never authenticated, so relays may raise it. Every other
 * flag, FRAGMENTED included, is covered: set it before {@link #armor}. With AES-GMAC-SIV the packet
 * ID on the wire is half the tag, not the ID the sender wrote, and replies quote the wire ID: read
 * {@link PacketHeader#id} after {@link #armor} to remember what a reply will refer to.
 *
 * <p>The Salsa20/12 suites allocate nothing per packet; AES-GMAC-SIV allocates only inside the JDK
 * (see {@link AesGmacSiv}), whose ciphers are created on first use. Not thread-safe: one instance
 * per peer key, used by one thread at a time (or one per thread).
 */
public final class Armor {

  /** What {@link #dearmor} found. Only {@link #AUTHENTIC} packets may be used. */
  public enum Result {
    AUTHENTIC,
    /** The MAC or tag does not match: forged, corrupted, or under another key. */
    BAD_MAC,
    /** Trusted path (cipher 2) or an unassigned cipher id; nothing was checked. */
    UNSUPPORTED_CIPHER,
    /**
     * Shorter than a header and verb, longer than {@link PacketHeader#MAX_LENGTH}, or longer than
     * the array.
     */
    BAD_LENGTH;

    public boolean isAuthentic() {
      return this == AUTHENTIC;
    }
  }

  private static final int FLAGS_KEEP =
      ~(PacketHeader.CIPHER_MASK | PacketHeader.FLAG_ENCRYPTED_LEGACY);
  private static final int AUTHENTICATED_FLAGS = ~PacketHeader.HOPS_MASK & 0xff;
  private static final int MAC_LENGTH = 8;
  private static final int AAD_LENGTH = PacketHeader.MAC - PacketHeader.DESTINATION;
  private static final int SALSA_ROUNDS = 12;
  private static final int HELLO_NONCE_MASK = 0xf8;

  private final SymmetricKey key;
  private final byte[] salsaKey = new byte[SymmetricKey.SALSA_KEY_LENGTH];
  private final byte[] mangledKey = new byte[SymmetricKey.SALSA_KEY_LENGTH];
  private final byte[] keystream0 = new byte[Salsa20.BLOCK_LENGTH];
  private final byte[] mac = new byte[Poly1305.TAG_LENGTH];
  private final byte[] aad = new byte[AAD_LENGTH];
  private final byte[] tag = new byte[AesGmacSiv.TAG_LENGTH];
  private final byte[] nonce = new byte[Salsa20.NONCE_LENGTH];
  private final Salsa20 salsa = new Salsa20(SALSA_ROUNDS);
  private final Poly1305 poly1305 = new Poly1305();
  private AesGmacSiv aes;

  public Armor(SymmetricKey key) {
    this.key = key;
    key.copySalsaKey(salsaKey, 0);
  }

  /**
   * Sets the cipher bits (and the legacy 0x80 flag iff cipher 1), then MACs and, for ciphers 1 and
   * 3, encrypts {@code packet[0..length)} in place. The caller has written the whole header (ID,
   * addresses, FRAGMENTED flag, hops) and the verb and payload.
   *
   * @throws IllegalArgumentException for {@link CipherSuite#TRUSTED_PATH}, or a length outside
   *     {@link PacketHeader#MIN_LENGTH}..{@link PacketHeader#MAX_LENGTH} or beyond the array
   */
  public void armor(byte[] packet, int length, CipherSuite cipher) {
    if (length < PacketHeader.MIN_LENGTH
        || length > PacketHeader.MAX_LENGTH
        || length > packet.length) {
      throw new IllegalArgumentException("cannot armor a packet of " + length + " bytes");
    }
    if (cipher == CipherSuite.TRUSTED_PATH) {
      throw new IllegalArgumentException("cannot armor with " + cipher);
    }
    int legacy = cipher == CipherSuite.POLY1305_SALSA2012 ? PacketHeader.FLAG_ENCRYPTED_LEGACY : 0;
    packet[PacketHeader.FLAGS] =
        (byte) ((packet[PacketHeader.FLAGS] & FLAGS_KEEP) | cipher.id() << 3 | legacy);
    switch (cipher) {
      case POLY1305_NONE, POLY1305_SALSA2012 -> armorSalsa(packet, length, legacy != 0);
      default -> armorAes(packet, length);
    }
  }

  /**
   * Authenticates {@code packet[0..length)} and decrypts it in place. Never throws for any input.
   * After {@link Result#AUTHENTIC} the verb and payload are plaintext; after any other result the
   * packet must be dropped (with AES-GMAC-SIV its payload is then garbage).
   */
  public Result dearmor(byte[] packet, int length) {
    if (length < PacketHeader.MIN_LENGTH
        || length > PacketHeader.MAX_LENGTH
        || length > packet.length) {
      return Result.BAD_LENGTH;
    }
    return switch (PacketHeader.cipher(packet)) {
      case 0 -> dearmorSalsa(packet, length, false);
      case 1 -> dearmorSalsa(packet, length, true);
      case 3 -> dearmorAes(packet, length);
      default -> Result.UNSUPPORTED_CIPHER;
    };
  }

  /**
   * Encrypts or decrypts (the same XOR) HELLO's trailing field in place (spec §5.3): Salsa20/12
   * under the unmangled key, nonce = packet ID with byte 7 AND 0xF8, keystream from byte 0. The
   * sender applies it before {@link #armor}, the receiver after {@link #dearmor}.
   */
  public void cryptHelloField(byte[] packet, int offset, int length) {
    System.arraycopy(packet, PacketHeader.ID, nonce, 0, Salsa20.NONCE_LENGTH);
    nonce[7] &= HELLO_NONCE_MASK;
    salsa.init(salsaKey, 0, nonce, 0);
    salsa.crypt(packet, offset, length);
  }

  private void armorSalsa(byte[] packet, int length, boolean encrypt) {
    startSalsa(packet, length);
    int payloadLength = length - PacketHeader.VERB;
    if (encrypt) {
      salsa.crypt(packet, PacketHeader.VERB, payloadLength);
    }
    poly1305.init(keystream0, 0).update(packet, PacketHeader.VERB, payloadLength).finish(mac, 0);
    System.arraycopy(mac, 0, packet, PacketHeader.MAC, MAC_LENGTH);
  }

  private Result dearmorSalsa(byte[] packet, int length, boolean decrypt) {
    startSalsa(packet, length);
    int payloadLength = length - PacketHeader.VERB;
    poly1305.init(keystream0, 0).update(packet, PacketHeader.VERB, payloadLength).finish(mac, 0);
    int difference = 0;
    for (int i = 0; i < MAC_LENGTH; i++) {
      difference |= mac[i] ^ packet[PacketHeader.MAC + i];
    }
    if (difference != 0) {
      return Result.BAD_MAC;
    }
    if (decrypt) {
      salsa.crypt(packet, PacketHeader.VERB, payloadLength);
    }
    return Result.AUTHENTIC;
  }

  /** Keys Salsa20/12 with the per-packet key and takes keystream block 0 (the Poly1305 key). */
  private void startSalsa(byte[] packet, int length) {
    for (int i = 0; i < PacketHeader.FLAGS; i++) {
      mangledKey[i] = (byte) (salsaKey[i] ^ packet[i]);
    }
    mangledKey[18] = (byte) (salsaKey[18] ^ (packet[PacketHeader.FLAGS] & AUTHENTICATED_FLAGS));
    mangledKey[19] = (byte) (salsaKey[19] ^ length);
    mangledKey[20] = (byte) (salsaKey[20] ^ (length >>> 8));
    System.arraycopy(salsaKey, 21, mangledKey, 21, SymmetricKey.SALSA_KEY_LENGTH - 21);
    salsa.init(mangledKey, 0, packet, PacketHeader.ID);
    salsa.nextBlock(keystream0);
  }

  private void armorAes(byte[] packet, int length) {
    fillAad(packet);
    aes()
        .encrypt(
            packet,
            PacketHeader.ID,
            aad,
            0,
            AAD_LENGTH,
            packet,
            PacketHeader.VERB,
            length - PacketHeader.VERB,
            tag,
            0);
    System.arraycopy(tag, 0, packet, PacketHeader.ID, MAC_LENGTH);
    System.arraycopy(tag, MAC_LENGTH, packet, PacketHeader.MAC, MAC_LENGTH);
  }

  private Result dearmorAes(byte[] packet, int length) {
    System.arraycopy(packet, PacketHeader.ID, tag, 0, MAC_LENGTH);
    System.arraycopy(packet, PacketHeader.MAC, tag, MAC_LENGTH, MAC_LENGTH);
    fillAad(packet);
    boolean authentic =
        aes()
            .decrypt(
                tag, 0, aad, 0, AAD_LENGTH, packet, PacketHeader.VERB, length - PacketHeader.VERB);
    return authentic ? Result.AUTHENTIC : Result.BAD_MAC;
  }

  /** Destination, source and flags without the hop count. */
  private void fillAad(byte[] packet) {
    System.arraycopy(packet, PacketHeader.DESTINATION, aad, 0, AAD_LENGTH);
    aad[AAD_LENGTH - 1] &= (byte) AUTHENTICATED_FLAGS;
  }

  /**
   * The AES keys and JCE ciphers are set up on first use: peers below protocol 12 never need them.
   */
  private AesGmacSiv aes() {
    if (aes == null) {
      aes = new AesGmacSiv(key);
    }
    return aes;
  }

  @Override
  public String toString() {
    return "Armor[secret]";
  }
}
