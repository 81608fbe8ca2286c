package dev.orbital.root.presence;

/** Where the root reports presence changes: a new peer, a changed path set, an expired peer. */
@FunctionalInterface
public interface PresenceSink {

  PresenceSink NONE = event -> {};

  /** Called on the packet thread; must not block. */
  void changed(PresenceEvent event);
}
