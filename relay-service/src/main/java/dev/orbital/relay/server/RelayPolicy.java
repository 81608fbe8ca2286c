package dev.orbital.relay.server;

/**
 * Who may be relayed where, so the relay is not an open relay ({@code orbital.relay.policy}: {@code
 * members} or {@code open}). Each client connection gets its own {@link ConnectionPolicy}, which
 * may learn who the client is from what comes back to the connection's UDP socket.
 */
public interface RelayPolicy {

  /** Relays every well-formed datagram ({@code orbital.relay.policy=open}). */
  RelayPolicy OPEN = () -> ConnectionPolicy.OPEN;

  /** The policy of one new client connection. */
  ConnectionPolicy connect();
}
