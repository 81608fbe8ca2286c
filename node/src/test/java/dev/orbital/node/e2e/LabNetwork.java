package dev.orbital.node.e2e;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The namespaces an end-to-end test runs in. {@code <prefix>-inet} is the "internet": it routes
 * between the hosts' public addresses ({@code 10.<n>.<i>.0/24}) and runs the root. Each host {@code
 * <prefix>-<name>} sits on it directly or behind a router namespace {@code <prefix>-r<name>} that
 * NATs it ({@link NatMode}). One veth joins the test JVM's own namespace to the internet ({@code
 * 10.<n>.255.1} here, {@code 10.<n>.255.2} there) for the controller, which must reach Kafka on
 * this namespace's loopback; the internet masquerades what it sends that way, so nothing on this
 * side needs a route to the lab.
 *
 * <p>{@link #close()} deletes every namespace (and with them every interface and rule); a JVM that
 * ends without closing deletes them on its way out.
 */
public final class LabNetwork implements AutoCloseable {

  /** The UDP port the nodes use; a full-cone router forwards it to its host. */
  public static final int NODE_PORT = 9993;

  private final String prefix;
  private final int net;
  private final Map<String, Integer> hostIndex = new LinkedHashMap<>();
  private final Map<String, NatMode> hostNat = new LinkedHashMap<>();
  private final List<String> namespaces = new ArrayList<>();
  private final Thread cleanupOnExit = new Thread(this::deleteQuietly, "lab-network-cleanup");

  private LabNetwork(String prefix, int net) {
    this.prefix = prefix;
    this.net = net;
    Runtime.getRuntime().addShutdownHook(cleanupOnExit);
  }

  /** Creates the internet, the host link and one namespace per host, in order. */
  public static LabNetwork create(String prefix, Map<String, NatMode> hosts) throws Exception {
    if (prefix.length() > 8) {
      throw new IllegalArgumentException("prefix too long for interface names: " + prefix);
    }
    LabNetwork lab = new LabNetwork(prefix, freeNet());
    try {
      lab.createInternet();
      int i = 1;
      for (Map.Entry<String, NatMode> host : hosts.entrySet()) {
        lab.createHost(host.getKey(), i++, host.getValue());
      }
      return lab;
    } catch (Exception e) {
      lab.close();
      throw e;
    }
  }

  /** A second octet whose 10.x/16 this namespace does not use, so the host link cannot clash. */
  private static int freeNet() throws IOException, InterruptedException {
    String used = Shell.check("ip", "-4", "-o", "addr", "show");
    for (int attempt = 0; attempt < 50; attempt++) {
      int n = ThreadLocalRandom.current().nextInt(100, 200);
      if (!used.contains(" 10." + n + ".")) {
        return n;
      }
    }
    throw new IllegalStateException("no free 10.x.0.0/16 for the lab");
  }

  public String internet() {
    return prefix + "-inet";
  }

  public String namespace(String host) {
    requireHost(host);
    return prefix + "-" + host;
  }

  /** The NAT router in front of a host (only for a host behind one). */
  public String routerNamespace(String host) {
    if (nat(host) == NatMode.NONE) {
      throw new IllegalArgumentException("host " + host + " has no router");
    }
    return prefix + "-r" + host;
  }

  /** Where the root listens, as every node and the controller reach it. */
  public String rootAddress() {
    return "10." + net + ".255.2";
  }

  /** The host's address on the internet: its own, or its NAT router's. */
  public String publicAddress(String host) {
    return "10." + net + "." + requireHost(host) + ".2";
  }

  /** The host's own address: its public one, or the private one behind its router. */
  public String hostAddress(String host) {
    return hostNat.get(host) == NatMode.NONE
        ? publicAddress(host)
        : "192.168." + requireHost(host) + ".2";
  }

  public NatMode nat(String host) {
    requireHost(host);
    return hostNat.get(host);
  }

  /** Runs a command inside a namespace: {@code ip netns exec <ns> command...}. */
  public Shell.Result exec(String namespace, String... command)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
    full.addAll(List.of(command));
    return Shell.run(full, null, 60);
  }

  /**
   * Drops packets between the two hosts' public addresses in the internet; the root still works.
   */
  public void blockDirect(String a, String b) throws IOException, InterruptedException {
    String sa = "10." + net + "." + requireHost(a) + ".0/24";
    String sb = "10." + net + "." + requireHost(b) + ".0/24";
    nft(
        internet(),
        "add rule inet lab blocked ip saddr "
            + sa
            + " ip daddr "
            + sb
            + " drop\n"
            + "add rule inet lab blocked ip saddr "
            + sb
            + " ip daddr "
            + sa
            + " drop\n");
  }

  /** Lifts every {@link #blockDirect} block. */
  public void allowDirect() throws IOException, InterruptedException {
    nft(internet(), "flush chain inet lab blocked\n");
  }

  private void createInternet() throws IOException, InterruptedException {
    String inet = addNamespace(internet());
    String hostSide = prefix + "-h";
    Shell.check(
        "ip", "link", "add", hostSide, "type", "veth", "peer", "name", "host", "netns", inet);
    Shell.check("ip", "addr", "add", "10." + net + ".255.1/30", "dev", hostSide);
    Shell.check("ip", "link", "set", hostSide, "up");
    ip(inet, "addr", "add", rootAddress() + "/30", "dev", "host");
    ip(inet, "link", "set", "host", "up");
    sysctl(inet, "net.ipv4.ip_forward=1");
    nft(
        inet,
        """
        table inet lab {
          chain blocked {
          }
          chain forward {
            type filter hook forward priority 0; policy accept;
            jump blocked
          }
          chain postrouting {
            type nat hook postrouting priority srcnat;
            oifname "host" masquerade
          }
        }
        """);
  }

  private void createHost(String host, int index, NatMode nat)
      throws IOException, InterruptedException {
    if (index > 200) {
      throw new IllegalArgumentException("too many hosts");
    }
    hostIndex.put(host, index);
    hostNat.put(host, nat);
    String inet = internet();
    String ns = addNamespace(prefix + "-" + host);
    String wanSide = nat == NatMode.NONE ? ns : addNamespace(prefix + "-r" + host);
    String inetIf = "h" + index;
    Shell.check(
        "ip", "link", "add", "wan", "netns", wanSide, "type", "veth", "peer", "name", inetIf,
        "netns", inet);
    ip(inet, "addr", "add", "10." + net + "." + index + ".1/24", "dev", inetIf);
    ip(inet, "link", "set", inetIf, "up");
    ip(wanSide, "addr", "add", publicAddress(host) + "/24", "dev", "wan");
    ip(wanSide, "link", "set", "wan", "up");
    ip(wanSide, "route", "add", "default", "via", "10." + net + "." + index + ".1");
    if (nat == NatMode.NONE) {
      return;
    }
    String router = wanSide;
    Shell.check(
        "ip", "link", "add", "lan", "netns", ns, "type", "veth", "peer", "name", "lan", "netns",
        router);
    ip(router, "addr", "add", "192.168." + index + ".1/24", "dev", "lan");
    ip(router, "link", "set", "lan", "up");
    ip(ns, "addr", "add", hostAddress(host) + "/24", "dev", "lan");
    ip(ns, "link", "set", "lan", "up");
    ip(ns, "route", "add", "default", "via", "192.168." + index + ".1");
    sysctl(router, "net.ipv4.ip_forward=1");
    nft(router, natRules(nat, hostAddress(host)));
  }

  /**
   * Masquerade keeps the source port when it is free (no {@code persistent}, no {@code
   * fully-random}), so the node's port 9993 maps to 9993 on the router: the same mapping for every
   * destination. Full cone also forwards anything arriving on that port; port-restricted lets in
   * only what conntrack knows as a reply.
   */
  private static String natRules(NatMode nat, String inside) {
    String fullCone =
        nat == NatMode.ENDPOINT_INDEPENDENT
            ? "iifname \"wan\" udp dport " + NODE_PORT + " dnat ip to " + inside
            : "";
    return """
        table inet nat {
          chain prerouting {
            type nat hook prerouting priority dstnat;
            %s
          }
          chain postrouting {
            type nat hook postrouting priority srcnat;
            oifname "wan" masquerade
          }
          chain forward {
            type filter hook forward priority 0; policy drop;
            ct state established,related accept
            iifname "lan" oifname "wan" accept
            iifname "wan" ct status dnat accept
          }
        }
        """
        .formatted(fullCone);
  }

  private String addNamespace(String name) throws IOException, InterruptedException {
    Shell.check("ip", "netns", "add", name);
    namespaces.add(name);
    ip(name, "link", "set", "lo", "up");
    return name;
  }

  private int requireHost(String host) {
    Integer index = hostIndex.get(host);
    if (index == null) {
      throw new IllegalArgumentException("no host " + host + " in the lab");
    }
    return index;
  }

  private static void ip(String ns, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ip", "-n", ns));
    command.addAll(List.of(args));
    Shell.check(command.toArray(String[]::new));
  }

  private static void sysctl(String ns, String setting) throws IOException, InterruptedException {
    Shell.check("ip", "netns", "exec", ns, "sysctl", "-q", "-w", setting);
  }

  private static void nft(String ns, String rules) throws IOException, InterruptedException {
    Shell.checkWithInput(rules, "ip", "netns", "exec", ns, "nft", "-f", "-");
  }

  private void deleteQuietly() {
    try {
      deleteNamespaces();
    } catch (IOException | InterruptedException ignored) {
      // The JVM is ending; nothing left to report to.
    }
  }

  /** Deletes the namespaces, last created first; the veths and rules go with them. */
  @Override
  public void close() throws IOException {
    try {
      Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
    } catch (IllegalStateException alreadyExiting) {
      // Shutting down: the hook runs anyway.
    }
    try {
      deleteNamespaces();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while deleting the lab's namespaces", e);
    }
  }

  private synchronized void deleteNamespaces() throws IOException, InterruptedException {
    List<String> reversed = new ArrayList<>(namespaces);
    Collections.reverse(reversed);
    IOException failure = null;
    for (String ns : reversed) {
      Shell.Result result = Shell.run(List.of("ip", "netns", "del", ns), null, 30);
      if (!result.ok() && failure == null) {
        failure = new IOException("ip netns del " + ns + ": " + result.output());
      }
    }
    namespaces.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
