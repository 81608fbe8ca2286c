package dev.orbital.node.engine;

import dev.orbital.node.NodeHome;
import dev.orbital.node.control.NetworkState;
import dev.orbital.node.control.NetworkStatus;
import dev.orbital.node.engine.Counters.Traffic;
import dev.orbital.node.peer.Peer;
import dev.orbital.node.peer.PeerPath;
import dev.orbital.node.tap.TapException;
import dev.orbital.node.tap.TapState;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.MacAddress;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.dictionary.Dictionary;
import dev.orbital.protocol.dictionary.DictionaryCodec;
import dev.orbital.protocol.netconf.Capability;
import dev.orbital.protocol.netconf.CertificateOfMembership;
import dev.orbital.protocol.netconf.CredentialType;
import dev.orbital.protocol.netconf.NetworkAddresses;
import dev.orbital.protocol.netconf.NetworkConfig;
import dev.orbital.protocol.netconf.NetworkConfigCodec;
import dev.orbital.protocol.netconf.NetworkCredentials;
import dev.orbital.protocol.netconf.Revocation;
import dev.orbital.protocol.netconf.Tag;
import dev.orbital.protocol.packet.Fragmenter;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.packet.Verb;
import dev.orbital.protocol.rules.FrameContext;
import dev.orbital.protocol.rules.Rule;
import dev.orbital.protocol.rules.RuleEvaluator;
import dev.orbital.protocol.rules.Tags;
import dev.orbital.protocol.verb.ConfigChunk;
import dev.orbital.protocol.verb.Credentials;
import dev.orbital.protocol.verb.ErrorCode;
import dev.orbital.protocol.verb.ErrorDetail;
import dev.orbital.protocol.verb.ErrorReply;
import dev.orbital.protocol.verb.ExtFrame;
import dev.orbital.protocol.verb.Frame;
import dev.orbital.protocol.verb.Message;
import dev.orbital.protocol.verb.MulticastFrame;
import dev.orbital.protocol.verb.MulticastGather;
import dev.orbital.protocol.verb.MulticastGroup;
import dev.orbital.protocol.verb.MulticastLike;
import dev.orbital.protocol.verb.NetworkConfigPush;
import dev.orbital.protocol.verb.NetworkConfigRequest;
import dev.orbital.protocol.verb.OkEcho;
import dev.orbital.protocol.verb.OkMulticastGather;
import dev.orbital.protocol.verb.OkNetworkConfigRequest;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * The network side of the engine: joining (config requests to each network's controller, signed
 * chunks assembled and verified, the TAP brought to the config's state), the data plane between
 * TAPs and peers (FRAME for unicast, MULTICAST_LIKE/GATHER/FRAME for broadcast and multicast),
 * membership credentials and rules on every frame. Runs on the engine thread; TAP devices are
 * opened and configured on {@code tapWorker}, and TAP readers hand frames over through {@code
 * engineThread}.
 */
public final class NetworkPlane {

  private static final System.Logger LOG = System.getLogger(NetworkPlane.class.getName());

  static final int ETHERNET_HEADER = 14;
  static final long MULTICAST_LIKE_MILLIS = 60_000;
  static final long GATHER_MILLIS = 60_000;
  static final long GATHER_RETRY_MILLIS = 1_000;

  private final Engine engine;
  private final NodeHome home;
  private final Counters counters;
  private final Executor engineThread;
  private final Executor tapWorker;
  private final Map<Long, Network> networks = new LinkedHashMap<>();
  private final byte[] requestMetadata;
  private final byte[] tapOut = new byte[ETHERNET_HEADER + NetworkConfig.MAX_MTU];

  public NetworkPlane(Engine engine, NodeHome home, Executor engineThread, Executor tapWorker) {
    this.engine = engine;
    this.home = home;
    this.counters = engine.counters();
    this.engineThread = engineThread;
    this.tapWorker = tapWorker;
    this.requestMetadata = requestMetadata();
    engine.networks(this);
  }

  private static byte[] requestMetadata() {
    Dictionary metadata =
        new Dictionary()
            .putU64("v", NetworkConfig.CURRENT_VERSION)
            .putU64("vend", 1)
            .putU64("pv", Engine.PROTOCOL_VERSION)
            .putU64("majv", Engine.MAJOR_VERSION)
            .putU64("minv", Engine.MINOR_VERSION)
            .putU64("revv", Engine.REVISION)
            .putU64("mr", 1024)
            .putU64("mc", 128)
            .putU64("mcr", 64)
            .putU64("mt", 128)
            .putU64("f", 0)
            .putU64("revr", 1)
            .putString("o", "linux/" + System.getProperty("os.arch", "unknown"));
    return DictionaryCodec.encode(metadata, DictionaryCodec.REQUEST_METADATA_CAPACITY);
  }

  // ---------------------------------------------------------------- join and leave

  /** Joins (remembered on disk) and asks the controller at once; nothing if already joined. */
  public NetworkStatus join(long networkId, long now) throws IOException {
    Network network = networks.get(networkId);
    if (network != null) {
      return network.status();
    }
    home.rememberJoined(networkId);
    network = new Network(networkId, engine.self().address());
    networks.put(networkId, network);
    Optional<byte[]> cached = home.cachedConfig(networkId);
    if (cached.isPresent()) {
      try {
        NetworkConfig config = NetworkConfigCodec.decode(cached.get());
        if (config.networkId() == networkId && config.issuedTo().value() == engine.selfAddress()) {
          adopt(network, config, now);
        }
      } catch (ProtocolException e) {
        LOG.log(Level.WARNING, "ignoring cached config of {0}: {1}", network, e.getMessage());
      }
    }
    requestConfig(network, now);
    return network.status();
  }

  /** Forgets the network and returns its TAP for the caller to close; empty if not joined. */
  public Optional<Optional<TapPort>> leave(long networkId) throws IOException {
    Network network = networks.remove(networkId);
    if (network == null) {
      return Optional.empty();
    }
    network.leaving = true;
    home.forgetJoined(networkId);
    return Optional.of(Optional.ofNullable(network.tap));
  }

  /** Every TAP, for shutdown. */
  public List<TapPort> taps() {
    List<TapPort> taps = new ArrayList<>();
    for (Network network : networks.values()) {
      network.leaving = true;
      if (network.tap != null) {
        taps.add(network.tap);
      }
    }
    return taps;
  }

  public List<NetworkStatus> statuses() {
    List<NetworkStatus> out = new ArrayList<>();
    for (Network network : networks.values()) {
      out.add(network.status());
    }
    return out;
  }

  public Optional<NetworkStatus> status(long networkId) {
    Network network = networks.get(networkId);
    return network == null ? Optional.empty() : Optional.of(network.status());
  }

  /** Whether a peer must be kept: it controls a joined network. */
  boolean needs(Peer peer) {
    for (Network network : networks.values()) {
      if (network.controller.equals(peer.address())) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------- configs

  private void requestConfig(Network network, long now) {
    network.lastRequest = now;
    engine.withPeer(
        network.controller.value(),
        now,
        controller -> {
          if (network.leaving) {
            return;
          }
          NetworkConfig have = network.config;
          engine.send(
              controller,
              new NetworkConfigRequest(
                  network.id,
                  requestMetadata,
                  have == null ? 0 : have.revision(),
                  have == null ? 0 : have.timestamp()),
              true,
              System.currentTimeMillis());
        });
  }

  void message(Peer peer, Message message, long wireId, long now) {
    if (message instanceof OkNetworkConfigRequest) {
      configChunk(peer, ((OkNetworkConfigRequest) message).chunk(), false, wireId, now);
    } else if (message instanceof NetworkConfigPush) {
      configChunk(peer, ((NetworkConfigPush) message).chunk(), true, wireId, now);
    } else if (message instanceof Frame) {
      Frame frame = (Frame) message;
      Network network = networks.get(frame.networkId());
      if (network != null) {
        deliver(
            network,
            peer,
            NetworkAddresses.memberMac(network.id, peer.address()).value(),
            network.mac.value(),
            frame.etherType(),
            frame.data(),
            0,
            frame.data().length,
            now);
      } else {
        counters.drop(Drop.NO_NETWORK);
      }
    } else if (message instanceof ExtFrame) {
      extFrame(peer, (ExtFrame) message, now);
    } else if (message instanceof MulticastFrame) {
      multicastIn(peer, (MulticastFrame) message, now);
    } else if (message instanceof MulticastLike) {
      for (MulticastLike.Like like : ((MulticastLike) message).likes()) {
        Network network = networks.get(like.networkId());
        if (network != null && admits(network, peer, now)) {
          network.like(like.group(), peer.address().value(), now);
        }
      }
    } else if (message instanceof OkMulticastGather) {
      gathered(peer, (OkMulticastGather) message, now);
    } else if (message instanceof Credentials) {
      credentials(peer, ((Credentials) message).credentials(), now);
    }
  }

  private void configChunk(Peer peer, ConfigChunk chunk, boolean push, long wireId, long now) {
    Network network = networks.get(chunk.networkId());
    if (network == null || !network.controller.equals(peer.address())) {
      counters.drop(Drop.UNEXPECTED_REPLY);
      return;
    }
    if (!chunk.legacy() && !chunk.verify(peer.identity())) {
      counters.drop(Drop.BAD_CONFIG);
      return;
    }
    Optional<byte[]> dictionary;
    NetworkConfig config;
    try {
      dictionary = network.assembler.add(chunk);
      if (dictionary.isEmpty()) {
        return;
      }
      config = NetworkConfigCodec.decode(dictionary.get());
    } catch (ProtocolException | RuntimeException e) {
      counters.drop(Drop.BAD_CONFIG);
      return;
    }
    if (config.networkId() != network.id || config.issuedTo().value() != engine.selfAddress()) {
      counters.drop(Drop.BAD_CONFIG);
      return;
    }
    if (push) {
      engine.send(peer, OkEcho.configAck(wireId, network.id, chunk.configUpdateId()), false, now);
    }
    if (network.config != null && config.timestamp() < network.config.timestamp()) {
      return;
    }
    try {
      home.saveConfig(network.id, dictionary.get());
    } catch (IOException e) {
      LOG.log(Level.WARNING, "cannot cache the config of {0}: {1}", network.id, e.getMessage());
    }
    adopt(network, config, now);
  }

  private void adopt(Network network, NetworkConfig config, long now) {
    TapState before = network.config == null ? null : network.tapState();
    network.adopt(config, engine.self().address());
    TapState after = network.tapState();
    if (network.tap == null || !after.equals(before)) {
      applyTap(network, after);
    }
    sendLikes(network, now);
  }

  private void applyTap(Network network, TapState state) {
    tapWorker.execute(
        () -> {
          if (network.leaving) {
            return;
          }
          try {
            TapPort tap = network.tap;
            if (tap == null) {
              tap =
                  TapPort.open(
                      network.expectedTapName(),
                      engineThread,
                      counters,
                      (frame, length) ->
                          frameFromTap(network, frame, length, System.currentTimeMillis()));
              network.tap = tap;
              tap.start();
            }
            tap.apply(state);
            String name = tap.name();
            engineThread.execute(
                () -> {
                  network.tapName = name;
                  if (network.state == NetworkState.PORT_ERROR) {
                    network.state = NetworkState.OK;
                  }
                  network.publish();
                });
          } catch (TapException | RuntimeException e) {
            LOG.log(Level.WARNING, "network {0}: {1}", network.id, e.getMessage());
            engineThread.execute(() -> network.state(NetworkState.PORT_ERROR));
          }
        });
  }

  void error(Peer peer, ErrorReply error, long now) {
    if (!(error.detail() instanceof ErrorDetail.Network)) {
      return;
    }
    Network network = networks.get(((ErrorDetail.Network) error.detail()).networkId());
    if (network == null) {
      return;
    }
    if (error.code() == ErrorCode.NEED_MEMBERSHIP_CERTIFICATE) {
      pushCredentials(network, peer, true, now);
      return;
    }
    if (error.inReVerb() != Verb.NETWORK_CONFIG_REQUEST.code()
        || !network.controller.equals(peer.address())) {
      counters.drop(Drop.UNEXPECTED_REPLY);
      return;
    }
    if (error.code() == ErrorCode.OBJ_NOT_FOUND) {
      refused(network, NetworkState.NOT_FOUND);
    } else if (error.code() == ErrorCode.NETWORK_ACCESS_DENIED) {
      refused(network, NetworkState.ACCESS_DENIED);
    }
  }

  /**
   * The controller refused us (at once when an admin deauthorizes us, it pushes the refusal): the
   * config in force goes, with its cached copy, and the TAP keeps only its MAC and MTU.
   */
  private void refused(Network network, NetworkState state) {
    if (network.config != null) {
      TapState bare = network.tapState().withoutAddressesAndRoutes();
      network.dropConfig();
      try {
        home.forgetConfig(network.id);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "cannot forget the config of {0}: {1}", network.id, e.getMessage());
      }
      if (network.tap != null) {
        applyTap(network, bare);
      }
    }
    network.state(state);
  }

  // ---------------------------------------------------------------- credentials

  private boolean admits(Network network, Peer peer, long now) {
    if (!network.isPrivate()) {
      return true;
    }
    Membership membership = network.memberships.get(peer.address().value());
    return membership != null
        && membership.admits(
            network.ourCom(), peer.identity(), network.comRevokedBefore(peer.address().value()));
  }

  private void pushCredentials(Network network, Peer peer, boolean force, long now) {
    CertificateOfMembership ours = network.ourCom();
    if (ours == null) {
      return;
    }
    Membership membership = network.membership(peer.address().value());
    if (force || membership.shouldPush(ours, now)) {
      membership.pushed(ours, now);
      NetworkConfig config = network.config;
      engine.send(
          peer,
          new Credentials(
              new NetworkCredentials(
                  List.of(ours),
                  config.capabilities(),
                  config.tags(),
                  List.of(),
                  config.certificatesOfOwnership())),
          false,
          now);
    }
  }

  private void credentials(Peer peer, NetworkCredentials credentials, long now) {
    for (CertificateOfMembership com : credentials.coms()) {
      Network network = networks.get(com.networkId());
      if (network == null) {
        continue;
      }
      Peer controller = engine.peer(network.controller.value());
      if (controller == null) {
        engine.withPeer(network.controller.value(), now, c -> {});
        continue;
      }
      if (com.issuedTo().equals(peer.address()) && com.verify(controller.identity())) {
        network.membership(peer.address().value()).theirs(com);
      } else {
        counters.drop(Drop.NOT_MEMBER);
      }
    }
    for (Tag tag : credentials.tags()) {
      Network network = networks.get(tag.networkId());
      Peer controller = network == null ? null : engine.peer(network.controller.value());
      if (controller != null
          && tag.issuedTo().equals(peer.address())
          && tag.verify(controller.identity())) {
        network
            .membership(peer.address().value())
            .tag(Integer.toUnsignedLong(tag.id()), Integer.toUnsignedLong(tag.value()));
      }
    }
    for (Capability capability : credentials.capabilities()) {
      Network network = networks.get(capability.networkId());
      Peer controller = network == null ? null : engine.peer(network.controller.value());
      if (controller != null
          && capability.issuedTo() != null
          && capability.issuedTo().equals(peer.address())
          && capability.verify(controller.identity())) {
        try {
          network
              .membership(peer.address().value())
              .capability(capability.id(), capability.rules());
        } catch (ProtocolException e) {
          counters.drop(Drop.MALFORMED_PACKET);
        }
      }
    }
    for (Revocation revocation : credentials.revocations()) {
      Network network = networks.get(revocation.networkId());
      if (network == null || !revocation.signedBy().equals(network.controller)) {
        continue;
      }
      Peer controller = engine.peer(network.controller.value());
      if (controller != null
          && revocation.credentialType() == CredentialType.COM
          && revocation.verify(controller.identity())) {
        network.revokeCom(revocation.target().value(), revocation.threshold());
      }
    }
  }

  // ---------------------------------------------------------------- frames in

  /** A FRAME, straight from the decrypted packet: no copy until the TAP buffer. */
  void frameIn(Peer peer, byte[] packet, int offset, int length, long now) {
    if (!Frame.isLongEnough(length)) {
      counters.drop(Drop.MALFORMED_PACKET);
      return;
    }
    Network network = networks.get(Frame.networkId(packet, offset));
    if (network == null) {
      counters.drop(Drop.NO_NETWORK);
      return;
    }
    int data = Frame.dataOffset(offset);
    deliver(
        network,
        peer,
        NetworkAddresses.memberMac(network.id, peer.address()).value(),
        network.mac.value(),
        Frame.etherType(packet, offset),
        packet,
        data,
        offset + length - data,
        now);
  }

  private void extFrame(Peer peer, ExtFrame frame, long now) {
    Network network = networks.get(frame.networkId());
    if (network == null) {
      counters.drop(Drop.NO_NETWORK);
      return;
    }
    long source = NetworkAddresses.memberMac(network.id, peer.address()).value();
    if (frame.source().value() != source) {
      counters.drop(Drop.FOREIGN_SOURCE_MAC); // bridging is not supported
      return;
    }
    deliver(
        network,
        peer,
        source,
        frame.destination().value(),
        frame.etherType(),
        frame.data(),
        0,
        frame.data().length,
        now);
  }

  private void multicastIn(Peer peer, MulticastFrame frame, long now) {
    Network network = networks.get(frame.networkId());
    if (network == null || network.config == null) {
      counters.drop(Drop.NO_NETWORK);
      return;
    }
    if (network.config.multicastLimit() == 0
        || (frame.group().mac().isBroadcast() && !network.config.broadcastEnabled())) {
      counters.drop(Drop.MULTICAST_DISABLED);
      return;
    }
    if (!network.subscriptions.contains(frame.group())) {
      counters.drop(Drop.UNWANTED_MULTICAST);
      return;
    }
    long source =
        frame.source() != null
            ? frame.source().value()
            : NetworkAddresses.memberMac(network.id, peer.address()).value();
    deliver(
        network,
        peer,
        source,
        frame.group().mac().value(),
        frame.etherType(),
        frame.data(),
        0,
        frame.data().length,
        now);
  }

  /** Checks membership and rules, then writes the frame to the network's TAP. */
  private void deliver(
      Network network,
      Peer peer,
      long sourceMac,
      long destinationMac,
      int etherType,
      byte[] data,
      int offset,
      int length,
      long now) {
    NetworkConfig config = network.config;
    if (config == null) {
      counters.drop(Drop.NO_NETWORK);
      return;
    }
    if (length > config.mtu()) {
      counters.drop(Drop.BAD_FRAME);
      return;
    }
    if (!admits(network, peer, now)) {
      counters.drop(Drop.NOT_MEMBER);
      Membership membership = network.membership(peer.address().value());
      if (membership.mayRequestCertificate(now)) {
        engine.send(peer, ErrorReply.needCertificate(Verb.FRAME.code(), 0, network.id), false, now);
      }
      return;
    }
    if (!rulesAllow(
        network,
        true,
        peer.address(),
        engine.self().address(),
        sourceMac,
        destinationMac,
        etherType,
        data,
        offset,
        length)) {
      counters.drop(Drop.RULES);
      return;
    }
    TapPort tap = network.tap;
    if (tap == null) {
      counters.drop(Drop.NO_NETWORK);
      return;
    }
    MacAddress.writeLong(destinationMac, tapOut, 0);
    MacAddress.writeLong(sourceMac, tapOut, 6);
    tapOut[12] = (byte) (etherType >>> 8);
    tapOut[13] = (byte) etherType;
    System.arraycopy(data, offset, tapOut, ETHERNET_HEADER, length);
    tap.write(tapOut, 0, ETHERNET_HEADER + length);
    counters.count(Traffic.FRAMES_TO_TAP);
  }

  private boolean rulesAllow(
      Network network,
      boolean inbound,
      Address source,
      Address destination,
      long sourceMac,
      long destinationMac,
      int etherType,
      byte[] data,
      int offset,
      int length) {
    // The remote side's tags (and, inbound, its capabilities) are the ones it showed us.
    Membership remote = network.memberships.get((inbound ? source : destination).value());
    Tags remoteTags = remote == null ? Tags.EMPTY : remote.tags();
    FrameContext frame =
        FrameContext.builder()
            .inbound(inbound)
            .source(source)
            .destination(destination)
            .sourceMac(new MacAddress(sourceMac))
            .destinationMac(new MacAddress(destinationMac))
            .etherType(etherType)
            .payload(data, offset, length)
            .senderTags(inbound ? remoteTags : network.ourTags)
            .receiverTags(inbound ? network.ourTags : remoteTags)
            .build();
    List<List<Rule>> capabilities =
        inbound ? (remote == null ? List.of() : remote.capabilities()) : network.ourCapabilities;
    return network.evaluator.filter(frame, network.config.rules(), capabilities).accepted();
  }

  // ---------------------------------------------------------------- frames out

  /** A frame read from the TAP, still in the TAP's ring slot: copied only if it must wait. */
  void frameFromTap(Network network, byte[] frame, int length, long now) {
    counters.count(Traffic.FRAMES_FROM_TAP);
    NetworkConfig config = network.config;
    if (config == null || network.leaving) {
      counters.drop(Drop.NO_NETWORK);
      return;
    }
    if (length < ETHERNET_HEADER || length - ETHERNET_HEADER > config.mtu()) {
      counters.drop(Drop.BAD_FRAME);
      return;
    }
    long destination = MacAddress.readLong(frame, 0);
    long source = MacAddress.readLong(frame, 6);
    int etherType = ((frame[12] & 0xff) << 8) | (frame[13] & 0xff);
    if (source != network.mac.value()) {
      counters.drop(Drop.FOREIGN_SOURCE_MAC);
      return;
    }
    if (((destination >>> 40) & 0x01) != 0) {
      multicastOut(network, destination, etherType, frame, length, now);
      return;
    }
    MacAddress destinationMac = new MacAddress(destination);
    if (!NetworkAddresses.isMemberMac(network.id, destinationMac)) {
      counters.drop(Drop.NO_ROUTE); // bridging is not supported
      return;
    }
    Address to = NetworkAddresses.addressOf(network.id, destinationMac);
    if (to.value() == engine.selfAddress()) {
      counters.drop(Drop.NO_ROUTE);
      return;
    }
    if (!rulesAllow(
        network,
        false,
        engine.self().address(),
        to,
        source,
        destination,
        etherType,
        frame,
        ETHERNET_HEADER,
        length - ETHERNET_HEADER)) {
      counters.drop(Drop.RULES);
      return;
    }
    Peer peer = engine.peer(to.value());
    if (peer != null) {
      sendFrame(network, peer, etherType, frame, ETHERNET_HEADER, length - ETHERNET_HEADER, now);
      return;
    }
    byte[] copy = Arrays.copyOfRange(frame, ETHERNET_HEADER, length);
    engine.withPeer(
        to.value(),
        now,
        p -> sendFrame(network, p, etherType, copy, 0, copy.length, System.currentTimeMillis()));
  }

  /** Writes a FRAME packet in place (no message object) and sends it. */
  private void sendFrame(
      Network network, Peer peer, int etherType, byte[] data, int offset, int length, long now) {
    if (network.isPrivate()) {
      pushCredentials(network, peer, false, now);
    }
    PeerPath path = engine.route(peer, now);
    if (path == null) {
      counters.drop(Drop.NO_ROUTE);
      return;
    }
    byte[] out = engine.out();
    int packetLength = PacketHeader.PAYLOAD + Frame.HEADER_LENGTH + length;
    if (packetLength > Fragmenter.maxPacketLength(Engine.PHYSICAL_MTU)) {
      counters.drop(Drop.BAD_FRAME);
      return;
    }
    PacketHeader.setId(out, engine.nextPacketId());
    PacketHeader.setDestination(out, peer.address().value());
    PacketHeader.setSource(out, engine.selfAddress());
    out[PacketHeader.FLAGS] = 0;
    out[PacketHeader.VERB] = (byte) Verb.FRAME.code();
    Frame.writeHeader(out, PacketHeader.PAYLOAD, network.id, etherType);
    System.arraycopy(data, offset, out, Frame.dataOffset(PacketHeader.PAYLOAD), length);
    PacketHeader.setFragmented(out, Fragmenter.needsFragmenting(packetLength, Engine.PHYSICAL_MTU));
    peer.armor().armor(out, packetLength, peer.cipher());
    engine.transmit(path, out, packetLength, now);
    counters.count(Traffic.FRAMES_SENT);
  }

  private void multicastOut(
      Network network, long destination, int etherType, byte[] frame, int length, long now) {
    NetworkConfig config = network.config;
    boolean broadcast = destination == MacAddress.MASK;
    int limit = (int) Math.min(Integer.MAX_VALUE, config.multicastLimit());
    if ((broadcast && !config.broadcastEnabled()) || limit == 0) {
      counters.drop(Drop.MULTICAST_DISABLED);
      return;
    }
    long adi = 0;
    int payload = ETHERNET_HEADER;
    if (broadcast
        && etherType == RuleEvaluator.ETHERTYPE_ARP
        && length >= payload + 28
        && frame[payload + 6] == 0
        && frame[payload + 7] == 1) {
      // an ARP request goes to the group of the address it asks about
      adi = PacketHeader.getLong(frame, payload + 20) & 0xffff_ffffL;
    }
    if (!rulesAllow(
        network,
        false,
        engine.self().address(),
        new Address(0),
        network.mac.value(),
        destination,
        etherType,
        frame,
        payload,
        length - payload)) {
      counters.drop(Drop.RULES);
      return;
    }
    MulticastGroup group = new MulticastGroup(new MacAddress(destination), adi);
    byte[] data = Arrays.copyOfRange(frame, payload, length);
    List<Long> members = network.members(group, engine.selfAddress(), limit, now);
    for (Long member : members) {
      sendMulticast(network, member, group, etherType, data, now);
    }
    if (members.size() < limit) {
      PendingMulticasts.Pending pending =
          network.pendingMulticasts.add(group, etherType, data, network.mac.value(), now, limit);
      pending.sentTo.addAll(members);
      Long last = network.lastGather.get(group);
      long interval = members.isEmpty() ? GATHER_RETRY_MILLIS : GATHER_MILLIS;
      if (last == null || now - last >= interval) {
        network.lastGather.put(group, now);
        Peer root = engine.bestRoot(now);
        if (root != null) {
          engine.send(root, new MulticastGather(network.id, 0, group, limit, null), false, now);
        }
      }
    }
  }

  private void sendMulticast(
      Network network, long member, MulticastGroup group, int etherType, byte[] data, long now) {
    counters.count(Traffic.MULTICASTS_SENT);
    engine.withPeer(
        member,
        now,
        peer -> {
          long at = System.currentTimeMillis();
          if (network.isPrivate()) {
            pushCredentials(network, peer, false, at);
          }
          engine.send(
              peer,
              new MulticastFrame(network.id, 0, null, 0, null, group, etherType, data),
              false,
              at);
        });
  }

  private void gathered(Peer from, OkMulticastGather ok, long now) {
    Network network = networks.get(ok.networkId());
    if (network == null || network.config == null) {
      return;
    }
    for (Address member : ok.results().members()) {
      if (member.value() != engine.selfAddress()) {
        network.like(ok.group(), member.value(), now);
      }
    }
    int limit = (int) Math.min(Integer.MAX_VALUE, network.config.multicastLimit());
    for (PendingMulticasts.Pending pending : network.pendingMulticasts.forGroup(ok.group(), now)) {
      for (Long member : network.members(ok.group(), engine.selfAddress(), limit, now)) {
        if (pending.sentTo.size() < pending.limit && pending.sentTo.add(member)) {
          sendMulticast(network, member, pending.group, pending.etherType, pending.data, now);
        }
      }
    }
  }

  private void sendLikes(Network network, long now) {
    network.lastLikeSent = now;
    if (network.subscriptions.isEmpty()) {
      return;
    }
    List<MulticastLike.Like> likes = new ArrayList<>();
    for (MulticastGroup group : network.subscriptions) {
      likes.add(new MulticastLike.Like(network.id, group));
    }
    MulticastLike like = new MulticastLike(likes);
    for (Peer root : engine.roots()) {
      engine.send(root, like, false, now);
    }
  }

  // ---------------------------------------------------------------- housekeeping

  public void tick(long now) {
    for (Network network : networks.values()) {
      long interval = network.config == null ? Network.RETRY_MILLIS : Network.REFRESH_MILLIS;
      if (now - network.lastRequest >= interval) {
        requestConfig(network, now);
      }
      if (network.config != null && now - network.lastLikeSent >= MULTICAST_LIKE_MILLIS) {
        sendLikes(network, now);
      }
      network.pendingMulticasts.expire(now);
    }
  }
}
