package dev.orbital.controller.store;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.netconf.NetworkAddresses;

/** The members topic key: {@code <16 hex network ID>/<10 hex address>}. */
public record MemberKey(long networkId, Address address) {

  static MemberKey parse(String key) {
    int slash = key.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not a member key: " + key);
    }
    return new MemberKey(
        NetworkAddresses.parse(key.substring(0, slash)), Address.parse(key.substring(slash + 1)));
  }

  @Override
  public String toString() {
    return NetworkAddresses.format(networkId) + "/" + address;
  }
}
