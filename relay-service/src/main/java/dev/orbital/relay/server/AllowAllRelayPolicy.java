package dev.orbital.relay.server;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** Relays every well-formed datagram; replaced by any other {@link RelayPolicy} bean. */
@DefaultBean
@ApplicationScoped
public class AllowAllRelayPolicy implements RelayPolicy {

  @Override
  public boolean allows(InetSocketAddress destination, ByteBuffer datagram) {
    return true;
  }
}
