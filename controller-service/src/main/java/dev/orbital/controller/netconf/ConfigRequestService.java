package dev.orbital.controller.netconf;

import dev.orbital.controller.network.AuthorizationDecision;
import dev.orbital.controller.network.AuthorizationService;
import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.dictionary.Dictionary;
import dev.orbital.protocol.dictionary.DictionaryCodec;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.verb.ErrorCode;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * One NETWORK_CONFIG_REQUEST from start to answer, as a pure function of the stored state: decode
 * the metadata, decide ({@link AuthorizationService}), build and sign the config ({@link
 * NetworkConfigService}), and say which member record to store. Metadata that is not a valid
 * Dictionary of at most 1024 bytes gets INVALID_REQUEST.
 */
public final class ConfigRequestService {

  private final AuthorizationService authorization;
  private final NetworkConfigService configs;
  private final RandomGenerator random;

  public ConfigRequestService(
      AuthorizationService authorization, NetworkConfigService configs, RandomGenerator random) {
    this.authorization = authorization;
    this.configs = configs;
    this.random = random;
  }

  /**
   * @param network the requested network, or null if there is none
   * @param member the stored member, or null if the controller does not know it
   * @param allocated every IP held by the network's members
   * @param activeBridges the network's active bridges
   */
  public ConfigReply handle(
      Network network,
      Member member,
      Identity requester,
      byte[] metadata,
      Set<InetAddress> allocated,
      List<Address> activeBridges,
      long now) {
    Dictionary meta;
    try {
      meta = DictionaryCodec.decode(metadata, DictionaryCodec.REQUEST_METADATA_CAPACITY);
    } catch (ProtocolException e) {
      return new ConfigReply.Refused(ErrorCode.INVALID_REQUEST, null);
    }
    AuthorizationDecision decision = authorization.decide(network, member, requester, meta, now);
    if (decision instanceof AuthorizationDecision.Denied denied) {
      return new ConfigReply.Refused(denied.code(), saved(member, denied.member()));
    }
    IssuedConfig issued =
        configs.issue(
            network,
            decision.member(),
            requester,
            meta,
            member == null,
            allocated,
            activeBridges,
            now);
    long updateId = random.nextLong();
    return new ConfigReply.Config(
        issued.config(),
        configs.chunks(issued.config(), updateId == 0 ? 1 : updateId),
        saved(member, issued.member()));
  }

  /** The member to store, its revision one above the stored one, or null if unchanged. */
  private static Member saved(Member stored, Member decided) {
    if (decided == null || decided.equals(stored)) {
      return null;
    }
    return decided.withRevision(stored == null ? 1 : stored.revision() + 1);
  }
}
