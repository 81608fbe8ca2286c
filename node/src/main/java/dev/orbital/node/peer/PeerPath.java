package dev.orbital.node.peer;

import dev.orbital.node.transport.Transport;
import java.net.InetSocketAddress;

/**
 * One physical way to reach a peer: an endpoint through a transport. A path is confirmed once an OK
 * came back over it unrelayed; it is alive while something arrived within {@link #ALIVE_MILLIS}.
 * Touched only by the engine thread.
 */
public final class PeerPath {

  /** ZT_PATH_ALIVE_TIMEOUT: a path with nothing received for this long is not used for sending. */
  public static final long ALIVE_MILLIS = 45_000;

  /** ZT_PEER_PATH_EXPIRATION: a path silent this long is forgotten. */
  public static final long EXPIRE_MILLIS = 243_000;

  private final Transport transport;
  private final InetSocketAddress endpoint;
  private long lastSend;
  private long lastReceive;
  private boolean confirmed;

  public PeerPath(Transport transport, InetSocketAddress endpoint) {
    this.transport = transport;
    this.endpoint = endpoint;
  }

  public Transport transport() {
    return transport;
  }

  public InetSocketAddress endpoint() {
    return endpoint;
  }

  public boolean is(Transport via, InetSocketAddress address) {
    return transport == via && endpoint.equals(address);
  }

  public long lastSend() {
    return lastSend;
  }

  public long lastReceive() {
    return lastReceive;
  }

  public boolean confirmed() {
    return confirmed;
  }

  public void confirm() {
    confirmed = true;
  }

  /** Stops using the path until an OK over it confirms it again. */
  public void doubt() {
    confirmed = false;
  }

  public void sent(long now) {
    lastSend = now;
  }

  public void received(long now) {
    lastReceive = now;
  }

  public boolean alive(long now) {
    return confirmed && now - lastReceive < ALIVE_MILLIS;
  }

  public boolean expired(long now) {
    long last = Math.max(lastReceive, confirmed ? 0 : lastSend);
    return now - last > EXPIRE_MILLIS;
  }

  public boolean send(byte[] data, int offset, int length, long now) {
    boolean sent = transport.send(endpoint, data, offset, length);
    if (sent) {
      lastSend = now;
    }
    return sent;
  }

  @Override
  public String toString() {
    return endpoint.getAddress().getHostAddress() + "/" + endpoint.getPort();
  }
}
