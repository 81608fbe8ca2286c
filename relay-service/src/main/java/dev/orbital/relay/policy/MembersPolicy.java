package dev.orbital.relay.policy;

import dev.orbital.relay.directory.RelayDirectory;
import dev.orbital.relay.server.ConnectionPolicy;
import dev.orbital.relay.server.RelayPolicy;

/**
 * The relay is no open relay ({@code orbital.relay.policy=members}, issue 17): a datagram goes only
 * to a UDP endpoint where the {@link RelayDirectory} knows a root, a controller or a member, and
 * its header must be addressed to who is there. Each connection gets a {@link
 * MemberConnectionPolicy}, which learns who the client is from the answers of roots and
 * controllers.
 */
public final class MembersPolicy implements RelayPolicy {

  private final RelayDirectory directory;

  public MembersPolicy(RelayDirectory directory) {
    this.directory = directory;
  }

  @Override
  public ConnectionPolicy connect() {
    return new MemberConnectionPolicy(directory);
  }
}
