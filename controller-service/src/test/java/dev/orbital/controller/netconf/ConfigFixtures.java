package dev.orbital.controller.netconf;

import dev.orbital.controller.Corpus;
import dev.orbital.controller.ipam.IpAssignmentService;
import dev.orbital.controller.network.AuthorizationService;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.NetworkService;
import dev.orbital.protocol.dictionary.Dictionary;
import dev.orbital.protocol.dictionary.DictionaryCodec;
import dev.orbital.protocol.identity.Identity;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the config-serving tests share: the corpus controller A's services on fixed seeds (so
 * assigned addresses are the same every run), the network it serves and a 1.14 client's request
 * metadata.
 */
public final class ConfigFixtures {

  public static final Identity CONTROLLER = Corpus.identity("A");
  public static final long NOW = 1_795_528_000_000L;

  private ConfigFixtures() {}

  public static ConfigRequestService requestService() {
    return new ConfigRequestService(
        new AuthorizationService(),
        new NetworkConfigService(CONTROLLER, new IpAssignmentService(new SplittableRandom(1))),
        new SplittableRandom(2));
  }

  public static RevocationService revocationService() {
    return new RevocationService(CONTROLLER, new SplittableRandom(3));
  }

  /** "testnet": ZeroTier-managed IPv4 from 10.147.20.1-254, one route for 10.147.20.0/24. */
  public static Network network(NetworkService networks) {
    return networks.create(
        Corpus.NETWORK_ID,
        Map.of(
            "name", "testnet",
            "v4AssignMode", Map.of("zt", true),
            "ipAssignmentPools",
                List.of(Map.of("ipRangeStart", "10.147.20.1", "ipRangeEnd", "10.147.20.254")),
            "routes", List.of(Map.of("target", "10.147.20.0/24"))),
        NOW);
  }

  /** The request metadata of a 1.14 client (dictionary version 7, rules engine revision 1). */
  public static byte[] metadata() {
    return DictionaryCodec.encode(
        new Dictionary().putU64("v", 7).putU64("revr", 1).putU64("majv", 1).putU64("minv", 14));
  }
}
