package dev.orbital.node;

import dev.orbital.node.control.NetworkStatus;
import dev.orbital.node.control.NodeControl;
import dev.orbital.node.control.NodeStatus;
import dev.orbital.node.control.PeerStatus;
import dev.orbital.node.engine.Counters;
import dev.orbital.node.engine.Engine;
import dev.orbital.node.engine.NetworkPlane;
import dev.orbital.node.engine.TapPort;
import dev.orbital.node.peer.Peer;
import dev.orbital.node.peer.PeerPath;
import dev.orbital.node.relay.RelayClient;
import dev.orbital.node.relay.RelayFallback;
import dev.orbital.node.transport.FallbackTransport;
import dev.orbital.node.transport.Transport;
import dev.orbital.node.transport.UdpTransport;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.world.World;
import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running node: its identity, UDP socket, peers and joined networks. The engine runs on one
 * event-loop thread; the {@link NodeControl} methods hand their question to it and wait for the
 * answer. Every thread the node uses is created by {@link #start}, so all of them (and the TAP
 * devices and socket they make) live in the network namespace of the thread that calls it.
 */
public final class NodeDaemon implements NodeControl, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(NodeDaemon.class.getName());

  static final long TICK_MILLIS = 1_000;
  static final long CALL_TIMEOUT_SECONDS = 10;

  private final NodeHome home;
  private final Identity identity;
  private final NioEventLoopGroup group;
  private final EventLoop loop;
  private final ExecutorService tapWorker;
  private final Counters counters = new Counters();
  private final Engine engine;
  private final NetworkPlane networks;
  private UdpTransport udp;
  private RelayClient relay;

  /**
   * What the engine sends on: {@code udp}, or UDP with the relay fallback. Set once in {@link
   * #begin}; a datagram that comes before that counts as received on {@code udp}.
   */
  private volatile Transport primary;

  private NodeDaemon(NodeHome home, Identity identity, World planet) {
    this.home = home;
    this.identity = identity;
    this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("orbital-engine", true));
    this.loop = group.next();
    this.tapWorker =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "orbital-tap");
              thread.setDaemon(true);
              return thread;
            });
    this.engine = new Engine(identity, planet, counters);
    this.networks = new NetworkPlane(engine, home, loop, tapWorker);
  }

  /** Starts a node (creating its identity on first start) and rejoins the remembered networks. */
  public static NodeDaemon start(NodeOptions options) throws IOException {
    NodeHome home = NodeHome.open(options.home());
    Identity identity = home.identity();
    home.authToken();
    World planet = NodeHome.readWorld(options.planet()).orElse(null);
    if (planet == null) {
      LOG.log(Level.WARNING, "no planet at {0}: no roots to talk to", options.planet());
    }
    NodeDaemon daemon = new NodeDaemon(home, identity, planet);
    try {
      daemon.begin(options);
    } catch (IOException | RuntimeException e) {
      daemon.close();
      throw e;
    }
    return daemon;
  }

  private void begin(NodeOptions options) throws IOException {
    // Start both threads from here so that they inherit this thread's network namespace.
    await(tapWorker.submit(() -> null));
    await(loop.submit(() -> null));
    udp =
        UdpTransport.bind(
            loop,
            new InetSocketAddress(options.bindAddress(), options.port()),
            (via, from, data, length) ->
                engine.receive(primary == null ? via : primary, from, data, length));
    home.writePort(udp.port());
    primary = udp;
    if (options.relay().isPresent()) {
      relay = RelayClient.start(options.relay().get(), this::fromRelay);
      primary =
          new FallbackTransport(
              udp,
              relay,
              new RelayFallback(
                  new RelayFallback.Settings(
                      RelayFallback.Settings.defaults().probeInterval(),
                      RelayFallback.Settings.defaults().silenceLimit(),
                      options.forceTcpRelay()),
                  System.currentTimeMillis()),
              System::currentTimeMillis);
    }
    List<Long> joined = home.joinedNetworks();
    call(
        () -> {
          long now = System.currentTimeMillis();
          engine.start(primary, now);
          for (Long networkId : joined) {
            networks.join(networkId, now);
          }
          return null;
        });
    loop.scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** On the relay's reader thread: the datagram is copied and handed to the engine thread. */
  private void fromRelay(InetSocketAddress from, ByteBuffer datagram) {
    if (from == null) {
      return;
    }
    byte[] copy = new byte[datagram.remaining()];
    datagram.get(copy);
    loop.execute(() -> engine.receiveFromRelay(from, copy, copy.length));
  }

  private void tick() {
    long now = System.currentTimeMillis();
    try {
      engine.tick(now);
      networks.tick(now);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "housekeeping failed", e);
    }
  }

  public NodeHome home() {
    return home;
  }

  public Identity identity() {
    return identity;
  }

  /** The UDP port the node listens on. */
  public int port() {
    return udp.port();
  }

  /** Packet, frame and drop counters by name. */
  public Map<String, Long> counters() {
    return counters.snapshot();
  }

  @Override
  public NodeStatus status() {
    long now = System.currentTimeMillis();
    boolean online = call(() -> engine.online(now));
    boolean overRelay = call(engine::overRelay);
    return new NodeStatus(
        identity.address().toString(),
        identity.toPublic().toString(),
        online,
        overRelay,
        Engine.MAJOR_VERSION + "." + Engine.MINOR_VERSION + "." + Engine.REVISION,
        now);
  }

  @Override
  public List<NetworkStatus> networks() {
    return call(networks::statuses);
  }

  @Override
  public Optional<NetworkStatus> network(long networkId) {
    return call(() -> networks.status(networkId));
  }

  @Override
  public NetworkStatus join(long networkId) {
    return call(() -> networks.join(networkId, System.currentTimeMillis()));
  }

  @Override
  public boolean leave(long networkId) {
    var left = call(() -> networks.leave(networkId));
    if (left.isEmpty()) {
      return false;
    }
    left.get().ifPresent(tap -> await(tapWorker.submit(tap::close)));
    return true;
  }

  @Override
  public List<PeerStatus> peers() {
    return call(
        () -> {
          long now = System.currentTimeMillis();
          List<PeerStatus> out = new ArrayList<>();
          for (Peer peer : engine.peers()) {
            PeerPath best = peer.bestPath(now);
            List<PeerStatus.PathStatus> paths = new ArrayList<>();
            for (PeerPath path : peer.paths()) {
              paths.add(
                  new PeerStatus.PathStatus(
                      path.toString(),
                      path.lastSend(),
                      path.lastReceive(),
                      path.alive(now),
                      path == best,
                      path.transport().relayed()));
            }
            out.add(
                new PeerStatus(
                    peer.address().toString(),
                    peer.version(),
                    peer.latency(),
                    peer.isRoot() ? "PLANET" : "LEAF",
                    paths));
          }
          return out;
        });
  }

  /** Leaves the networks' devices removed and closes the socket. */
  @Override
  public void close() {
    if (!loop.isShutdown()) {
      try {
        for (TapPort tap : call(networks::taps)) {
          await(tapWorker.submit(tap::close));
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "closing TAPs failed", e);
      }
    }
    if (relay != null) {
      relay.close();
    }
    if (udp != null) {
      udp.close();
    }
    tapWorker.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private <T> T call(Callable<T> task) {
    return await(loop.submit(task));
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw new UncheckedIOException((IOException) cause);
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IllegalStateException(cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the node's engine did not answer in time", e);
    }
  }
}
