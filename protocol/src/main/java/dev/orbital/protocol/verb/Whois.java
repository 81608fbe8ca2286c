package dev.orbital.protocol.verb;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * WHOIS (0x04): asks for the identities behind addresses. Answered by OK(WHOIS) for the addresses
 * the responder knows; unknown ones get no answer.
 *
 * <pre>
 * address(5) [address(5) …]
 * </pre>
 */
public record Whois(List<Address> addresses) implements Message {

  public static final int MAX_ADDRESSES = VerbCodec.MAX_PAYLOAD / Address.LENGTH;

  public Whois {
    addresses = List.copyOf(addresses);
    if (addresses.size() > MAX_ADDRESSES) {
      throw new IllegalArgumentException("too many WHOIS addresses: " + addresses.size());
    }
  }

  public static Whois of(Address... addresses) {
    return new Whois(List.of(addresses));
  }

  @Override
  public int verbCode() {
    return Verb.WHOIS.code();
  }

  @Override
  public int encodedLength() {
    return addresses.size() * Address.LENGTH;
  }

  @Override
  public void write(ByteBuffer out) {
    for (Address address : addresses) {
      address.write(out);
    }
  }

  static Whois read(WireReader in) throws ProtocolException {
    if (in.remaining() % Address.LENGTH != 0) {
      throw new ProtocolException(
          "WHOIS: " + in.remaining() + " bytes is not a whole number of addresses");
    }
    int count = in.remaining() / Address.LENGTH;
    WireReader.checkCount(count, MAX_ADDRESSES, "WHOIS address count");
    List<Address> addresses = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      addresses.add(in.address());
    }
    return new Whois(addresses);
  }
}
