package dev.orbital.controller.store;

import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.protocol.Address;

/**
 * Told of every change the store view applies, on the thread that follows the topics, after the
 * view holds the new state. Implementations must return quickly and never throw.
 */
public interface StoreListener {

  /** A network was created ({@code before} null), changed, or deleted ({@code after} null). */
  default void networkChanged(long networkId, Network before, Network after) {}

  /** A member was created ({@code before} null), changed, or deleted ({@code after} null). */
  default void memberChanged(long networkId, Address address, Member before, Member after) {}
}
