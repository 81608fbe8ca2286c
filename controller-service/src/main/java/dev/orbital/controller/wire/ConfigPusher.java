package dev.orbital.controller.wire;

import dev.orbital.controller.network.Member;
import dev.orbital.controller.network.Network;
import dev.orbital.controller.store.StoreListener;
import dev.orbital.protocol.Address;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Turns the store's changes into pushes: the changed member (or, for a network change, every online
 * member) gets a fresh config after the coalescing window; a deauthorized or deleted member gets
 * its refusal and the others a revocation of its COM. Called on the store's follower thread, it
 * only gathers and schedules; the pushes are built on the workers.
 */
final class ConfigPusher implements StoreListener {

  private static final Logger LOG = Logger.getLogger(ConfigPusher.class);

  private final ConfigServer server;
  private final PushCoalescer coalescer = new PushCoalescer();
  private final ScheduledExecutorService scheduler;
  private final Executor workers;
  private final long delayMillis;

  ConfigPusher(
      ConfigServer server, ScheduledExecutorService scheduler, Executor workers, long delayMillis) {
    this.server = server;
    this.scheduler = scheduler;
    this.workers = workers;
    this.delayMillis = delayMillis;
  }

  @Override
  public void networkChanged(long networkId, Network before, Network after) {
    server.changed(networkId, null);
    if (PushDecision.forNetwork(before, after) != PushDecision.NONE
        && coalescer.network(networkId)) {
      schedule(networkId);
    }
  }

  @Override
  public void memberChanged(long networkId, Address address, Member before, Member after) {
    server.changed(networkId, after);
    if (server.isOwnWrite(networkId, address, after)) {
      return;
    }
    PushDecision decision = PushDecision.forMember(before, after);
    if (decision != PushDecision.NONE
        && coalescer.member(networkId, address, decision == PushDecision.PUSH_AND_REVOKE)) {
      schedule(networkId);
    }
  }

  private void schedule(long networkId) {
    try {
      scheduler.schedule(
          () -> workers.execute(() -> flush(networkId)), delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Shutting down.
      coalescer.drain(networkId);
    }
  }

  private void flush(long networkId) {
    PushCoalescer.Batch batch = coalescer.drain(networkId);
    try {
      for (Address revoked : batch.revoked()) {
        server.revoke(networkId, revoked);
      }
      Set<Address> targets = new LinkedHashSet<>(batch.members());
      if (batch.everyone()) {
        targets.addAll(server.online(networkId));
      }
      for (Address member : targets) {
        server.pushConfig(networkId, member);
      }
    } catch (RuntimeException e) {
      LOG.errorf(e, "pushing to network %016x failed", networkId);
    }
  }
}
