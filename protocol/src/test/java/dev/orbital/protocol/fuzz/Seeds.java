package dev.orbital.protocol.fuzz;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.conformance.Corpus;
import dev.orbital.protocol.conformance.PcapReader;
import dev.orbital.protocol.dictionary.Dictionary;
import dev.orbital.protocol.dictionary.DictionaryCodec;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.CertificateOfMembership;
import dev.orbital.protocol.packet.Armor;
import dev.orbital.protocol.packet.Compression;
import dev.orbital.protocol.packet.Fragment;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.packet.Verb;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Seed inputs for the fuzzer, cut from real stock 1.14.1 bytes of the conformance corpus where the
 * corpus has them in the clear, and built with our own encoders where it does not (the corpus
 * carries COMs, dictionaries and compressed payloads only inside the armor).
 *
 * <p>Offsets into stock bytes:
 *
 * <pre>
 * HELLO (cipher 0, payload in the clear)  28 protoVersion(1) swMajor(1) swMinor(1) swRevision(2)
 *                                         33 timestamp(8)  41 identity(71)  112 InetAddress
 * planet (§10.1)                          0 type(1) worldId(8) timestamp(8) updateKey(64)
 *                                         signature(96)  177 numRoots(1)  178 identity(71)
 *                                         249 numEndpoints(1)  250 InetAddress…
 * </pre>
 */
final class Seeds {

  private static final int HELLO_IDENTITY = PacketHeader.PAYLOAD + 13;
  private static final int HELLO_ENDPOINT = HELLO_IDENTITY + Identity.PUBLIC_BINARY_LENGTH;
  private static final int PLANET_FIRST_ROOT = 178;
  private static final int PLANET_FIRST_ENDPOINT = PLANET_FIRST_ROOT + 72;

  /** Network e7745d5aa3c51def of the corpus, whose controller is A. */
  static final long NETWORK_ID = 0xe7745d5aa3c51defL;

  private static final List<byte[]> DATAGRAMS =
      Corpus.datagrams().stream().map(PcapReader.Datagram::payload).toList();

  private Seeds() {}

  /**
   * Every UDP payload of the corpus capture, in capture order: heads, fragments, packets. Shared
   * arrays: callers copy before they change one.
   */
  static List<byte[]> datagrams() {
    return DATAGRAMS;
  }

  static List<byte[]> planets() {
    return List.of(resource("planet.v1"), resource("planet.v2"));
  }

  /** The unfragmented cipher-0 HELLOs of the corpus, whose payload is in the clear. */
  static List<byte[]> hellos() {
    List<byte[]> hellos = new ArrayList<>();
    for (byte[] datagram : datagrams()) {
      if (!Fragment.isFragment(datagram, datagram.length)
          && datagram.length > HELLO_ENDPOINT
          && PacketHeader.cipher(datagram) == 0
          && !PacketHeader.isFragmented(datagram)
          && PacketHeader.verb(datagram) == Verb.HELLO.code()) {
        hellos.add(datagram);
      }
    }
    return hellos;
  }

  static Identity identity(String name) {
    return Corpus.identity(name);
  }

  /**
   * Binary identities: each corpus identity public and with its private key, the identities in the
   * corpus HELLOs and the roots of both planets (each slice runs on to the end of its datagram).
   */
  static List<byte[]> identities() {
    List<byte[]> seeds = new ArrayList<>();
    for (String name : List.of("A", "B", "C", "D")) {
      Identity identity = identity(name);
      byte[] publicForm = identity.toBytes();
      String secret = identity.toSecretString();
      byte[] privateKey = HexFormat.of().parseHex(secret.substring(secret.lastIndexOf(':') + 1));
      byte[] secretForm = Arrays.copyOf(publicForm, publicForm.length + privateKey.length);
      secretForm[publicForm.length - 1] = (byte) privateKey.length;
      System.arraycopy(privateKey, 0, secretForm, publicForm.length, privateKey.length);
      seeds.add(publicForm);
      seeds.add(secretForm);
    }
    hellos().stream().limit(8).forEach(hello -> seeds.add(from(hello, HELLO_IDENTITY)));
    planets().forEach(planet -> seeds.add(from(planet, PLANET_FIRST_ROOT)));
    return seeds;
  }

  /** Serialized InetAddresses: from the corpus HELLOs and planets, and one of each other type. */
  static List<byte[]> endpoints() {
    List<byte[]> seeds = new ArrayList<>();
    hellos().stream().limit(8).forEach(hello -> seeds.add(from(hello, HELLO_ENDPOINT)));
    planets().forEach(planet -> seeds.add(from(planet, PLANET_FIRST_ENDPOINT)));
    byte[] v6 = HexFormat.of().parseHex("fd00000000000000000000000000beef");
    for (IpEndpoint endpoint : List.of(IpEndpoint.NONE, IpEndpoint.of(v6, 9993))) {
      ByteBuffer out = ByteBuffer.allocate(endpoint.encodedLength());
      endpoint.write(out);
      seeds.add(out.array());
    }
    HexFormat hex = HexFormat.of();
    seeds.add(hex.parseHex("01" + "000000000000")); // legacy types 1 and 2: 7 bytes, skipped
    seeds.add(hex.parseHex("02" + "000000000000"));
    seeds.add(hex.parseHex("03" + "0004" + "deadbeef")); // type 3: len(2) data(len), skipped
    return seeds;
  }

  /** COMs as the corpus controller A issues them to B and C, signed and unsigned. */
  static List<byte[]> certificates() {
    Identity controller = identity("A");
    List<byte[]> seeds = new ArrayList<>();
    for (String member : List.of("B", "C")) {
      CertificateOfMembership com =
          CertificateOfMembership.issue(
              0x1a20dd3a407L, 0x1b7740L, NETWORK_ID, identity(member), controller);
      byte[] signed = com.toBytes();
      seeds.add(signed);
      // The same qualifiers with signedBy 0: an unsigned COM carries no signature.
      int signedBy = signed.length - 96 - Address.LENGTH;
      seeds.add(Arrays.copyOf(signed, signedBy + Address.LENGTH));
      Arrays.fill(seeds.get(seeds.size() - 1), signedBy, signedBy + Address.LENGTH, (byte) 0);
    }
    return seeds;
  }

  /** NETWORK_CONFIG_REQUEST metadata, as a stock 1.14.1 node writes it (§11.2). */
  static final String REQUEST_METADATA =
      "v=0000000000000007\nvend=0000000000000001\npv=000000000000000b\nmajv=0000000000000001\n"
          + "minv=000000000000000e\nrevv=0000000000000001\nmr=0000000000000400\n"
          + "mc=0000000000000080\nmcr=0000000000000040\nmt=0000000000000080\n"
          + "f=0000000000000000\nrevr=0000000000000001";

  /**
   * Dictionary texts: the request metadata, and a network config with the keys of the corpus config
   * (expected-decode.txt) whose binary values (a COM, an identity, the planet) exercise every
   * escape.
   */
  static List<byte[]> dictionaries() {
    Dictionary config =
        new Dictionary()
            .putU64("v", 7)
            .putU64("nwid", NETWORK_ID)
            .putU64("ts", 0x1a20dd3a407L)
            .putU64("r", 1)
            .putAddress("id", Address.parse("3a77b41ec3"))
            .putU64("f", 6)
            .putU64("ml", 0x20)
            .putU64("mtu", 0xaf0)
            .putU64("ctmd", 0x1b7740)
            .putString("n", "testnet")
            .putBool("ssoe", false)
            .put("C", certificates().get(0))
            .put(
                "I",
                HexFormat.of().parseHex("06fde7745d5aa3c51def99933a77b41ec30058040a9314630018"))
            .put("R", HexFormat.of().parseHex("a5020800a5020806a50286dd00000100"))
            .put("RT", HexFormat.of().parseHex("040a93140000180000000000"))
            .put("idA", identities().get(1))
            .put("planet", planets().get(0));
    byte[] metadata = REQUEST_METADATA.getBytes(StandardCharsets.US_ASCII);
    byte[] terminated = Arrays.copyOf(metadata, metadata.length + 1);
    return List.of(metadata, terminated, DictionaryCodec.encode(config));
  }

  /**
   * Whole packets for {@link Compression#decompress}: dictionaries and doubled corpus datagrams (so
   * that LZ4 finds matches) compressed by our compressor, and corpus datagrams with the compressed
   * flag forced on their armored bytes (garbage blocks, as a forged packet would carry).
   */
  static List<byte[]> compressedPackets() {
    Compression compression = new Compression();
    List<byte[]> seeds = new ArrayList<>();
    List<byte[]> payloads = new ArrayList<>(dictionaries());
    List<byte[]> datagrams = datagrams();
    for (int i = 0; i < datagrams.size(); i += 75) {
      byte[] datagram = datagrams.get(i);
      byte[] doubled = Arrays.copyOf(datagram, 2 * datagram.length);
      System.arraycopy(datagram, 0, doubled, datagram.length, datagram.length);
      payloads.add(doubled);
    }
    for (byte[] payload : payloads) {
      byte[] packet = Arrays.copyOf(datagrams.get(0), PacketHeader.PAYLOAD + payload.length);
      packet[PacketHeader.VERB] = (byte) Verb.NETWORK_CONFIG_REQUEST.code();
      System.arraycopy(payload, 0, packet, PacketHeader.PAYLOAD, payload.length);
      int length = compression.compress(packet, packet.length);
      if (PacketHeader.isCompressed(packet)) {
        seeds.add(Arrays.copyOf(packet, length));
      }
    }
    for (int i = 0; i < datagrams.size(); i += 60) {
      byte[] datagram = datagrams.get(i).clone();
      if (datagram.length > PacketHeader.PAYLOAD) {
        datagram[PacketHeader.VERB] |= (byte) PacketHeader.VERB_FLAG_COMPRESSED;
        seeds.add(datagram);
      }
    }
    return seeds;
  }

  private static byte[] from(byte[] bytes, int offset) {
    return Arrays.copyOfRange(bytes, offset, bytes.length);
  }

  static byte[] resource(String name) {
    return Corpus.bytes(name);
  }

  /**
   * The decrypted, decompressed verb byte and payload of every unfragmented corpus packet: what
   * {@code VerbCodec} sees after the armor, one seed per real stock message.
   */
  static List<byte[]> plaintexts() {
    List<byte[]> seeds = new ArrayList<>();
    Map<Long, Identity> identities = new HashMap<>();
    for (String name : List.of("A", "B", "C", "D")) {
      Identity identity = identity(name);
      identities.put(identity.address().value(), identity);
    }
    Compression compression = new Compression();
    for (byte[] datagram : datagrams()) {
      if (datagram.length < PacketHeader.MIN_LENGTH
          || Fragment.isFragment(datagram, datagram.length)
          || PacketHeader.isFragmented(datagram)) {
        continue;
      }
      byte[] packet = datagram.clone();
      Identity receiver = identities.get(PacketHeader.destination(packet));
      Identity sender = identities.get(PacketHeader.source(packet));
      Armor armor = new Armor(receiver.agree(sender).orElseThrow());
      if (!armor.dearmor(packet, packet.length).isAuthentic()) {
        throw new IllegalStateException("corpus packet does not authenticate");
      }
      try {
        byte[] plain = compression.decompress(packet, packet.length);
        seeds.add(Arrays.copyOfRange(plain, PacketHeader.VERB, plain.length));
      } catch (ProtocolException e) {
        throw new IllegalStateException("corpus packet does not decompress", e);
      }
    }
    return seeds;
  }
}
