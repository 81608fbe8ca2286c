package dev.orbital.controller.web;

import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.store.StoreFollower;
import dev.orbital.controller.store.StoreListener;
import dev.orbital.protocol.Address;
import dev.orbital.protocol.netconf.NetworkAddresses;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fans the store view's changes out to every open page. The listener runs on the store's follower
 * thread, so it only hands the change to each subscriber; a subscriber that cannot keep up loses
 * changes (its page also polls now and then).
 */
@ApplicationScoped
public class StoreChanges implements StoreListener {

  private final StoreFollower follower;
  private final Set<MultiEmitter<? super StoreChange>> subscribers = ConcurrentHashMap.newKeySet();

  public StoreChanges(StoreFollower follower) {
    this.follower = follower;
  }

  void register(@Observes StartupEvent startup) {
    follower.view().addListener(this);
  }

  /** Every change from now on, after a first {@code hello}. */
  public Multi<StoreChange> stream() {
    return Multi.createFrom()
        .emitter(
            emitter -> {
              subscribers.add(emitter);
              emitter.onTermination(() -> subscribers.remove(emitter));
              emitter.emit(StoreChange.HELLO);
            },
            BackPressureStrategy.DROP);
  }

  int subscriberCount() {
    return subscribers.size();
  }

  @Override
  public void networkChanged(long networkId, Network before, Network after) {
    publish(new StoreChange("network", NetworkAddresses.format(networkId), null));
  }

  @Override
  public void memberChanged(long networkId, Address address, Member before, Member after) {
    publish(new StoreChange("member", NetworkAddresses.format(networkId), address.toString()));
  }

  private void publish(StoreChange change) {
    for (MultiEmitter<? super StoreChange> s : subscribers) {
      s.emit(change);
    }
  }
}
