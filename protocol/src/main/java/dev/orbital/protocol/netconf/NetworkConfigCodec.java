package dev.orbital.protocol.netconf;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.dictionary.Dictionary;
import dev.orbital.protocol.dictionary.DictionaryCodec;
import dev.orbital.protocol.rules.Rule;
import dev.orbital.protocol.rules.RuleCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a {@link NetworkConfig} to and from the netconf Dictionary (spec §11.9), writing the keys in
 * the order a stock 1.14.1 controller does so that the bytes are the same:
 *
 * <pre>
 * v nwid ts ctmd r id tt tl f ml t n mtu      readable fields (numbers as 16 hex digits)
 * C CAP TAG COO S RT I R DNS                  binary blobs (C..I only when non-empty)
 * ssov ssoe                                   SSO (written, not used)
 * </pre>
 */
public final class NetworkConfigCodec {

  /** About the size of stock's ZT_NETWORKCONFIG_DICT_CAPACITY: the longest config accepted. */
  public static final int MAX_DICTIONARY_LENGTH = 360_448;

  public static final int MAX_CAPABILITIES = 128;
  public static final int MAX_TAGS = 128;
  public static final int MAX_CERTIFICATES_OF_OWNERSHIP = 4;
  public static final int MAX_SPECIALISTS = 256;
  public static final int MAX_ROUTES = 32;
  public static final int MAX_STATIC_IPS = 32;

  /** Netconf versions below 6 use legacy text fields, which 1.x no longer reads either. */
  public static final long MIN_VERSION = 6;

  private NetworkConfigCodec() {}

  public static byte[] encode(NetworkConfig config) {
    return DictionaryCodec.encode(toDictionary(config), MAX_DICTIONARY_LENGTH);
  }

  public static NetworkConfig decode(byte[] dictionary) throws ProtocolException {
    return fromDictionary(DictionaryCodec.decode(dictionary, MAX_DICTIONARY_LENGTH));
  }

  public static Dictionary toDictionary(NetworkConfig c) {
    Dictionary d = new Dictionary();
    d.putU64("v", c.version());
    d.putU64("nwid", c.networkId());
    d.putU64("ts", c.timestamp());
    d.putU64("ctmd", c.credentialTimeMaxDelta());
    d.putU64("r", c.revision());
    d.putAddress("id", c.issuedTo());
    d.putAddress("tt", c.remoteTraceTarget());
    d.putU64("tl", c.remoteTraceLevel());
    d.putU64("f", c.flags());
    d.putU64("ml", c.multicastLimit());
    d.putU64("t", c.type());
    d.putString("n", c.name());
    d.putU64("mtu", c.mtu());
    if (c.com() != null) {
      d.put("C", c.com().toBytes());
    }
    putIfNotEmpty(d, "CAP", blob(c.capabilities(), Capability::encodedLength, Capability::write));
    putIfNotEmpty(d, "TAG", blob(c.tags(), Tag::encodedLength, Tag::write));
    putIfNotEmpty(
        d,
        "COO",
        blob(
            c.certificatesOfOwnership(),
            CertificateOfOwnership::encodedLength,
            CertificateOfOwnership::write));
    putIfNotEmpty(d, "S", blob(c.specialists(), s -> 8, (s, out) -> out.putLong(s)));
    putIfNotEmpty(d, "RT", blob(c.routes(), Route::encodedLength, Route::write));
    putIfNotEmpty(d, "I", blob(c.staticIps(), IpEndpoint::encodedLength, IpEndpoint::write));
    if (!c.rules().isEmpty()) {
      d.put("R", RuleCodec.encode(c.rules()));
    }
    ByteBuffer dns = ByteBuffer.allocate(c.dns().encodedLength());
    c.dns().write(dns);
    d.put("DNS", dns.array());
    d.putU64("ssov", c.ssoVersion());
    d.putBool("ssoe", c.ssoEnabled());
    return d;
  }

  public static NetworkConfig fromDictionary(Dictionary d) throws ProtocolException {
    long version = d.u64("v", 0);
    if (version < MIN_VERSION) {
      throw new ProtocolException("netconf version " + version + " is legacy (need 6+)");
    }
    long networkId = d.u64("nwid", 0);
    if (networkId == 0) {
      throw new ProtocolException("netconf without a network ID (nwid)");
    }
    long issuedTo = d.u64("id", 0) & Address.MASK;
    if (issuedTo == 0) {
      throw new ProtocolException("netconf without an issued-to address (id)");
    }
    String name = d.string("n").orElse("");
    if (name.length() > NetworkConfig.MAX_NAME_LENGTH) {
      name = name.substring(0, NetworkConfig.MAX_NAME_LENGTH);
    }
    long mtu = d.u64("mtu", NetworkConfig.DEFAULT_MTU);
    mtu = Math.max(NetworkConfig.MIN_MTU, Math.min(NetworkConfig.MAX_MTU, mtu < 0 ? 0 : mtu));

    CertificateOfMembership com = null;
    if (d.contains("C")) {
      com = CertificateOfMembership.read(reader(d, "C"));
    }
    DnsSettings dns = DnsSettings.NONE;
    if (d.contains("DNS")) {
      dns = DnsSettings.read(reader(d, "DNS"));
    }
    List<Rule> rules = d.bytes("R").isPresent() ? RuleCodec.decode(d.bytes("R").get()) : List.of();
    return new NetworkConfig(
        version,
        networkId,
        d.u64("ts", 0),
        d.u64("ctmd", 0),
        d.u64("r", 0),
        new Address(issuedTo),
        new Address(d.u64("tt", 0) & Address.MASK),
        d.u64("tl", 0),
        d.u64("f", 0),
        d.u64("ml", 0),
        d.u64("t", NetworkConfig.TYPE_PRIVATE),
        name,
        (int) mtu,
        com,
        readAll(d, "CAP", MAX_CAPABILITIES, Capability::read),
        readAll(d, "TAG", MAX_TAGS, Tag::read),
        readAll(d, "COO", MAX_CERTIFICATES_OF_OWNERSHIP, CertificateOfOwnership::read),
        readAll(d, "S", MAX_SPECIALISTS, WireReader::i64),
        readAll(d, "RT", MAX_ROUTES, Route::read),
        readAll(d, "I", MAX_STATIC_IPS, IpEndpoint::read),
        rules,
        dns,
        d.u64("ssov", 0),
        d.bool("ssoe", false));
  }

  private interface Reader<T> {
    T read(WireReader in) throws ProtocolException;
  }

  private interface Writer<T> {
    void write(T value, ByteBuffer out);
  }

  private interface Length<T> {
    int of(T value);
  }

  private static WireReader reader(Dictionary d, String key) {
    return WireReader.of(d.bytes(key).orElseThrow(), "netconf " + key);
  }

  /** Reads concatenated items to the end of the blob under {@code key}, at most {@code limit}. */
  private static <T> List<T> readAll(Dictionary d, String key, int limit, Reader<T> reader)
      throws ProtocolException {
    if (!d.contains(key)) {
      return List.of();
    }
    WireReader in = reader(d, key);
    List<T> items = new ArrayList<>();
    while (in.hasRemaining()) {
      if (items.size() == limit) {
        throw ProtocolException.overLimit("netconf " + key + " count", limit + 1L, limit);
      }
      items.add(reader.read(in));
    }
    return items;
  }

  private static <T> byte[] blob(List<T> items, Length<T> length, Writer<T> writer) {
    int total = 0;
    for (T item : items) {
      total += length.of(item);
    }
    ByteBuffer out = ByteBuffer.allocate(total);
    for (T item : items) {
      writer.write(item, out);
    }
    return out.array();
  }

  private static void putIfNotEmpty(Dictionary d, String key, byte[] value) {
    if (value.length > 0) {
      d.put(key, value);
    }
  }
}
