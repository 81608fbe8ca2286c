package dev.orbital.controller.netconf;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.CredentialType;
import dev.orbital.protocol.netconf.Revocation;
import java.util.random.RandomGenerator;

/**
 * What the controller pushes when a member is deauthorized (spec §11.8, stock {@code
 * onNetworkMemberDeauthorize}): a fast-propagating revocation of the member's COM with threshold =
 * now, signed by the controller, for every online member of the network. Peers then refuse the
 * member's COM issued up to now, without waiting for it to time out.
 */
public final class RevocationService {

  private final Identity controller;
  private final RandomGenerator random;

  public RevocationService(Identity controller, RandomGenerator random) {
    this.controller = controller;
    this.random = random;
  }

  public Revocation revokeMembership(long networkId, Address member, long now) {
    return Revocation.of(
            random.nextInt(),
            networkId,
            0,
            now,
            Revocation.FLAG_FAST_PROPAGATE,
            member,
            CredentialType.COM)
        .sign(controller);
  }
}
