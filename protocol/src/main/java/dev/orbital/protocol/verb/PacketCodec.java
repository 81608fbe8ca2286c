package dev.orbital.protocol.verb;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.packet.Armor;
import dev.orbital.protocol.packet.CipherSuite;
import dev.orbital.protocol.packet.Compression;
import dev.orbital.protocol.packet.Fragmenter;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;

/**
 * Whole packets to and from messages: the one place that puts header, verb, compression, HELLO's
 * encrypted field and armor together in the order the spec demands. UDP and the TCP relay both call
 * it; fragmenting and reassembly stay with the caller.
 *
 * <pre>
 * seal: header, verb, payload → LZ4 (if asked and smaller) → HELLO field → FRAGMENTED → armor
 * open: armor → HELLO field → LZ4 → decode
 * </pre>
 *
 * Not thread-safe: it keeps compression tables and a scratch buffer.
 */
public final class PacketCodec {

  private final Compression compression = new Compression();
  private final byte[] decompressed = new byte[PacketHeader.MAX_LENGTH];

  /** Why {@link #open} refused a packet before looking at its payload. */
  public static final class UnauthenticatedPacketException extends ProtocolException {
    private final Armor.Result result;

    UnauthenticatedPacketException(Armor.Result result) {
      super("packet not authentic: " + result);
      this.result = result;
    }

    public Armor.Result result() {
      return result;
    }
  }

  /**
   * Writes {@code message} as a packet into {@code out} and armors it; returns its length. Sets
   * FRAGMENTED when the packet is longer than {@code mtu}, so the caller splits it with {@link
   * Fragmenter}. HELLO is always sent with cipher 0, whatever {@code cipher} says.
   *
   * @throws IllegalArgumentException if the packet would not fit in a packet or in {@code out}
   */
  public int seal(
      Message message,
      long packetId,
      Address destination,
      Address source,
      CipherSuite cipher,
      Armor armor,
      boolean compress,
      int mtu,
      byte[] out) {
    int length = PacketHeader.PAYLOAD + message.encodedLength();
    if (length > Math.min(out.length, Fragmenter.maxPacketLength(mtu))) {
      throw new IllegalArgumentException(
          "a " + length + "-byte packet does not fit (mtu " + mtu + ", buffer " + out.length + ")");
    }
    PacketHeader.setId(out, packetId);
    PacketHeader.setDestination(out, destination.value());
    PacketHeader.setSource(out, source.value());
    out[PacketHeader.FLAGS] = 0;
    out[PacketHeader.VERB] = (byte) message.verbCode();
    message.write(ByteBuffer.wrap(out, PacketHeader.PAYLOAD, length - PacketHeader.PAYLOAD));
    boolean hello = message instanceof Hello;
    if (compress && !hello) {
      length = compression.compress(out, length);
    }
    if (hello) {
      int field = PacketHeader.PAYLOAD + ((Hello) message).cryptFieldOffset();
      armor.cryptHelloField(out, field, length - field);
      cipher = CipherSuite.POLY1305_NONE;
    }
    PacketHeader.setFragmented(out, Fragmenter.needsFragmenting(length, mtu));
    armor.armor(out, length, cipher);
    return length;
  }

  /**
   * Authenticates and decrypts an assembled packet in place, then decodes its message.
   *
   * @throws UnauthenticatedPacketException if the MAC does not hold (count and drop)
   * @throws ProtocolException if the authentic payload is malformed
   */
  public Message open(byte[] packet, int length, Armor armor) throws ProtocolException {
    Armor.Result result = armor.dearmor(packet, length);
    if (!result.isAuthentic()) {
      throw new UnauthenticatedPacketException(result);
    }
    int verb = PacketHeader.verb(packet);
    if (verb == Verb.HELLO.code()) {
      int field =
          PacketHeader.PAYLOAD
              + Hello.cryptFieldOffset(packet, PacketHeader.PAYLOAD, length - PacketHeader.PAYLOAD);
      armor.cryptHelloField(packet, field, length - field);
    }
    byte[] plain = packet;
    if (PacketHeader.isCompressed(packet)) {
      length = compression.decompress(packet, length, decompressed);
      plain = decompressed;
    }
    return VerbCodec.decode(verb, plain, PacketHeader.PAYLOAD, length - PacketHeader.PAYLOAD);
  }
}
