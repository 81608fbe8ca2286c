package dev.orbital.node.it;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.CertificateOfMembership;
import dev.orbital.protocol.netconf.CredentialType;
import dev.orbital.protocol.netconf.DnsSettings;
import dev.orbital.protocol.netconf.NetworkAddresses;
import dev.orbital.protocol.netconf.NetworkConfig;
import dev.orbital.protocol.netconf.NetworkConfigCodec;
import dev.orbital.protocol.netconf.NetworkCredentials;
import dev.orbital.protocol.netconf.Revocation;
import dev.orbital.protocol.netconf.Route;
import dev.orbital.protocol.packet.Armor;
import dev.orbital.protocol.packet.CipherSuite;
import dev.orbital.protocol.packet.Fragmenter;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.packet.Reassembler;
import dev.orbital.protocol.packet.Verb;
import dev.orbital.protocol.rules.Rule;
import dev.orbital.protocol.verb.ConfigChunk;
import dev.orbital.protocol.verb.Credentials;
import dev.orbital.protocol.verb.Echo;
import dev.orbital.protocol.verb.ErrorCode;
import dev.orbital.protocol.verb.ErrorDetail;
import dev.orbital.protocol.verb.ErrorReply;
import dev.orbital.protocol.verb.Hello;
import dev.orbital.protocol.verb.Message;
import dev.orbital.protocol.verb.NetworkConfigRequest;
import dev.orbital.protocol.verb.OkEcho;
import dev.orbital.protocol.verb.OkHello;
import dev.orbital.protocol.verb.OkNetworkConfigRequest;
import dev.orbital.protocol.verb.OkWhois;
import dev.orbital.protocol.verb.PacketCodec;
import dev.orbital.protocol.verb.Whois;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal network controller for end-to-end tests, built from the protocol module: it HELLOs the
 * root (so that members can WHOIS it), learns members from their HELLOs (or a WHOIS), and answers
 * NETWORK_CONFIG_REQUEST with signed chunks of a config: one private network, static IPv4 per
 * member, one managed route, accept-all rules. Unauthorized members get ERROR(ACCESS_DENIED).
 */
final class TestController implements AutoCloseable {

  static final String SUBNET = "10.147.17.";

  private final Identity identity = Identity.generate(new SecureRandom());
  private final long networkId = NetworkAddresses.networkId(identity.address(), 0x5eed01);
  private final DatagramSocket socket;
  private final InetSocketAddress root;
  private final Identity rootIdentity;
  private final Map<Long, Identity> members = new ConcurrentHashMap<>();
  private final Map<Long, Armor> armors = new ConcurrentHashMap<>();
  private final Map<Long, Integer> assigned = new ConcurrentHashMap<>();
  private final Set<Long> authorized = ConcurrentHashMap.newKeySet();
  private final PacketCodec codec = new PacketCodec();
  private final Reassembler reassembler = new Reassembler();
  private final byte[] out = new byte[PacketHeader.MAX_LENGTH];
  private final byte[] scratch = new byte[PacketHeader.DEFAULT_PHYSICAL_MTU];
  private final AtomicLong packetIds = new AtomicLong(new SecureRandom().nextLong());
  private final AtomicLong requests = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;
  private long lastRootHello;

  TestController(InetSocketAddress root, Identity rootIdentity) throws IOException {
    this.root = root;
    this.rootIdentity = rootIdentity;
    this.socket = new DatagramSocket(new InetSocketAddress("0.0.0.0", 0));
    socket.setSoTimeout(200);
    armors.put(
        rootIdentity.address().value(), new Armor(identity.agree(rootIdentity).orElseThrow()));
    thread = new Thread(this::loop, "test-controller");
    thread.setDaemon(true);
    thread.start();
  }

  long networkId() {
    return networkId;
  }

  Identity identity() {
    return identity;
  }

  long requests() {
    return requests.get();
  }

  /** Authorizes a member, whose IPv4 becomes {@code SUBNET + hostNumber}. */
  void authorize(Address member, int hostNumber) {
    assigned.put(member.value(), hostNumber);
    authorized.add(member.value());
  }

  void deauthorize(Address member) {
    authorized.remove(member.value());
  }

  /** Pushes a revocation of {@code member}'s COM (threshold now) to {@code recipients}. */
  void revoke(Address member, Address... recipients) {
    Revocation revocation =
        Revocation.of(
                (int) packetIds.incrementAndGet(),
                networkId,
                0,
                System.currentTimeMillis(),
                0,
                member,
                CredentialType.COM)
            .sign(identity);
    for (Address recipient : recipients) {
      send(
          recipient.value(),
          new Credentials(NetworkCredentials.ofRevocations(List.of(revocation))));
    }
  }

  private void loop() {
    byte[] buffer = new byte[16 * 1024];
    while (running) {
      long now = System.currentTimeMillis();
      if (now - lastRootHello > 2_000) {
        lastRootHello = now;
        send(rootIdentity.address().value(), hello(now));
      }
      DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(datagram);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException e) {
        return;
      }
      try {
        Reassembler.Result result = reassembler.offer(buffer, datagram.getLength(), now);
        switch (result.outcome()) {
          case NOT_FRAGMENTED -> handle(buffer, datagram.getLength(), now);
          case COMPLETE -> handle(result.packet(), result.packet().length, now);
          default -> {
            // partial or garbage
          }
        }
      } catch (Exception e) {
        // a test controller shrugs off what it does not understand
      }
    }
  }

  private void handle(byte[] packet, int length, long now) throws Exception {
    if (PacketHeader.destination(packet) != identity.address().value()) {
      return;
    }
    long source = PacketHeader.source(packet);
    long wireId = PacketHeader.id(packet);
    Armor armor = armors.get(source);
    if (PacketHeader.cipher(packet) == 0
        && (packet[PacketHeader.VERB] & PacketHeader.VERB_MASK) == Verb.HELLO.code()) {
      WireReader in =
          WireReader.of(
              packet, PacketHeader.PAYLOAD + 13, length - PacketHeader.PAYLOAD - 13, "HELLO");
      Identity peer = Identity.read(in);
      armor = armors.computeIfAbsent(source, a -> new Armor(identity.agree(peer).orElseThrow()));
      Hello hello = (Hello) codec.open(packet, length, armor);
      members.put(source, peer);
      send(
          source,
          new OkHello(wireId, hello.timestamp(), 12, 1, 14, 1, IpEndpoint.NONE, new byte[0]));
      return;
    }
    if (armor == null) {
      send(rootIdentity.address().value(), Whois.of(new Address(source)));
      return;
    }
    Message message = codec.open(packet, length, armor);
    if (message instanceof OkWhois) {
      for (Identity peer : ((OkWhois) message).identities()) {
        members.put(peer.address().value(), peer);
        armors.computeIfAbsent(
            peer.address().value(), a -> new Armor(identity.agree(peer).orElseThrow()));
      }
    } else if (message instanceof Echo) {
      send(source, new OkEcho(wireId, ((Echo) message).payload()));
    } else if (message instanceof NetworkConfigRequest) {
      requests.incrementAndGet();
      answer(source, wireId, (NetworkConfigRequest) message, now);
    }
  }

  private void answer(long member, long wireId, NetworkConfigRequest request, long now) {
    Identity memberIdentity = members.get(member);
    if (request.networkId() != networkId) {
      send(
          member,
          new ErrorReply(
              Verb.NETWORK_CONFIG_REQUEST.code(),
              wireId,
              ErrorCode.OBJ_NOT_FOUND,
              ErrorDetail.Network.of(request.networkId())));
      return;
    }
    if (memberIdentity == null || !authorized.contains(member)) {
      send(
          member,
          new ErrorReply(
              Verb.NETWORK_CONFIG_REQUEST.code(),
              wireId,
              ErrorCode.NETWORK_ACCESS_DENIED,
              ErrorDetail.Network.of(networkId)));
      return;
    }
    NetworkConfig config = config(memberIdentity, now);
    byte[] dictionary = NetworkConfigCodec.encode(config);
    long updateId = packetIds.incrementAndGet() | 1;
    for (ConfigChunk chunk : ConfigChunk.split(networkId, dictionary, updateId, 0, identity)) {
      send(member, new OkNetworkConfigRequest(wireId, chunk));
    }
  }

  NetworkConfig config(Identity member, long now) {
    long maxDelta = 30 * 60_000L;
    InetAddress ip;
    InetAddress subnet;
    try {
      ip = InetAddress.getByName(SUBNET + assigned.get(member.address().value()));
      subnet = InetAddress.getByName(SUBNET + "0");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return new NetworkConfig(
        NetworkConfig.CURRENT_VERSION,
        networkId,
        now,
        maxDelta,
        1,
        member.address(),
        new Address(0),
        0,
        NetworkConfig.FLAG_ENABLE_BROADCAST,
        32,
        NetworkConfig.TYPE_PRIVATE,
        "e2e",
        2800,
        CertificateOfMembership.issue(now, maxDelta, networkId, member, identity),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(
            new Route(new IpEndpoint(subnet, 24), IpEndpoint.NONE, 0, 0),
            new Route(rfc4193(member.address()), IpEndpoint.NONE, 0, 0)),
        List.of(new IpEndpoint(ip, 24), rfc4193(member.address())),
        List.of(new Rule.ActionAccept()),
        DnsSettings.NONE,
        0,
        false);
  }

  /** The member's RFC 4193 address, {@code /88}. */
  IpEndpoint rfc4193(Address member) {
    return NetworkAddresses.rfc4193(networkId, member);
  }

  private Hello hello(long now) {
    return new Hello(
        12,
        1,
        14,
        1,
        now,
        identity,
        new IpEndpoint(root.getAddress(), root.getPort()),
        0,
        0,
        List.of());
  }

  /** Everything goes to the root, which relays to members. */
  private synchronized void send(long to, Message message) {
    Armor armor = armors.get(to);
    if (armor == null) {
      return;
    }
    int length =
        codec.seal(
            message,
            packetIds.incrementAndGet(),
            new Address(to),
            identity.address(),
            CipherSuite.POLY1305_SALSA2012,
            armor,
            true,
            PacketHeader.DEFAULT_PHYSICAL_MTU,
            out);
    Fragmenter.split(
        out,
        length,
        PacketHeader.DEFAULT_PHYSICAL_MTU,
        scratch,
        (bytes, offset, len) -> {
          try {
            socket.send(new DatagramPacket(bytes, offset, len, root));
          } catch (IOException e) {
            // lost, as UDP may lose it
          }
        });
  }

  @Override
  public void close() {
    running = false;
    socket.close();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
