package dev.orbital.controller.store;

import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.network.NodePresence;

/** Fills a store view directly, as the follower thread would, for tests of its readers. */
public final class TestViews {

  private TestViews() {}

  public static void put(StoreView view, Network network) {
    view.putNetwork(network.id(), network);
  }

  public static void put(StoreView view, Member member) {
    view.putMember(member.networkId(), member.address(), member);
  }

  public static void put(StoreView view, NodePresence presence) {
    view.putPresence(presence);
  }
}
