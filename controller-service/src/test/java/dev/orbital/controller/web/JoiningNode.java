package dev.orbital.controller.web;

import dev.orbital.controller.ipam.IpAssignmentService;
import dev.orbital.controller.netconf.ConfigReply;
import dev.orbital.controller.netconf.ConfigRequestService;
import dev.orbital.controller.netconf.NetworkConfigService;
import dev.orbital.controller.network.AuthorizationService;
import dev.orbital.controller.network.Member;
import dev.orbital.controller.store.NetworkStore;
import dev.orbital.controller.store.StoreView;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.dictionary.Dictionary;
import dev.orbital.protocol.dictionary.DictionaryCodec;
import dev.orbital.protocol.identity.Identity;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A test node asking the controller for a network's config: the request's metadata goes through
 * {@link ConfigRequestService}, the controller's code path for NETWORK_CONFIG_REQUEST, and the
 * member record it decides on is saved through {@link NetworkStore#saveMember}, as the wire
 * endpoint saves it. Only the UDP hop is left out.
 */
final class JoiningNode {

  private final Identity identity;
  private final NetworkStore store;
  private final ConfigRequestService requests;

  JoiningNode(Identity controller, NetworkStore store) {
    SecureRandom random = new SecureRandom();
    this.identity = Identity.generate(random);
    this.store = store;
    this.requests =
        new ConfigRequestService(
            new AuthorizationService(),
            new NetworkConfigService(controller, new IpAssignmentService(random)),
            random);
  }

  Address address() {
    return identity.address();
  }

  /** One NETWORK_CONFIG_REQUEST as a 1.14.1 client sends it (spec §11.2). */
  ConfigReply requestConfig(long networkId) {
    StoreView view = store.view();
    Member stored = view.member(networkId, address()).orElse(null);
    Set<InetAddress> allocated = new HashSet<>();
    view.members(networkId).forEach(m -> allocated.addAll(m.ipAssignments()));
    ConfigReply reply =
        requests.handle(
            view.network(networkId).orElse(null),
            stored,
            identity.toPublic(),
            metadata(),
            allocated,
            List.of(),
            System.currentTimeMillis());
    Member saved = reply.memberToSave();
    if (saved != null) {
      store.saveMember(saved, System.currentTimeMillis());
    }
    return reply;
  }

  private static byte[] metadata() {
    return DictionaryCodec.encode(
        new Dictionary()
            .putU64("v", 7)
            .putU64("vend", 1)
            .putU64("pv", 12)
            .putU64("majv", 1)
            .putU64("minv", 14)
            .putU64("revv", 1)
            .putU64("mr", 1024)
            .putU64("mc", 128)
            .putU64("mcr", 64)
            .putU64("mt", 128)
            .putU64("f", 0)
            .putU64("revr", 1)
            .putString("o", "linux/x86_64"));
  }
}
