package dev.orbital.protocol.netconf;

import dev.orbital.protocol.IpEndpoint;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The network's DNS settings, the netconf {@code DNS} blob (always present; empty when unset).
 *
 * <pre>
 * domain(128, NUL-padded)  server(InetAddress) × 4    (type 0 for an unused slot)
 * </pre>
 */
public record DnsSettings(String domain, List<InetAddress> servers) {

  public static final int DOMAIN_LENGTH = 128;
  public static final int MAX_SERVERS = 4;
  public static final DnsSettings NONE = new DnsSettings("", List.of());

  public DnsSettings {
    domain = domain == null ? "" : domain;
    servers = List.copyOf(servers);
    if (domain.getBytes(StandardCharsets.ISO_8859_1).length >= DOMAIN_LENGTH) {
      throw new IllegalArgumentException(
          "DNS domain longer than " + (DOMAIN_LENGTH - 1) + " bytes");
    }
    if (servers.size() > MAX_SERVERS) {
      throw new IllegalArgumentException("at most " + MAX_SERVERS + " DNS servers");
    }
  }

  public int encodedLength() {
    int length = DOMAIN_LENGTH;
    for (int i = 0; i < MAX_SERVERS; i++) {
      length += i < servers.size() ? new IpEndpoint(servers.get(i), 0).encodedLength() : 1;
    }
    return length;
  }

  public void write(ByteBuffer out) {
    out.put(Arrays.copyOf(domain.getBytes(StandardCharsets.ISO_8859_1), DOMAIN_LENGTH));
    for (int i = 0; i < MAX_SERVERS; i++) {
      (i < servers.size() ? new IpEndpoint(servers.get(i), 0) : IpEndpoint.NONE).write(out);
    }
  }

  public static DnsSettings read(WireReader in) throws ProtocolException {
    byte[] rawDomain = in.bytes(DOMAIN_LENGTH);
    int end = 0;
    while (end < rawDomain.length && rawDomain[end] != 0) {
      end++;
    }
    if (end == DOMAIN_LENGTH) {
      throw new ProtocolException(in.what() + ": DNS domain is not NUL-terminated");
    }
    List<InetAddress> servers = new ArrayList<>();
    for (int i = 0; i < MAX_SERVERS; i++) {
      IpEndpoint server = IpEndpoint.read(in);
      if (!server.isNone()) {
        servers.add(server.ip());
      }
    }
    return new DnsSettings(new String(rawDomain, 0, end, StandardCharsets.ISO_8859_1), servers);
  }
}
