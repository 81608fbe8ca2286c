package dev.orbital.controller.network;

import java.net.InetAddress;
import java.util.List;

/** A network's {@code dns}: {@code {"domain": "example.net", "servers": ["10.0.0.53"]}}. */
public record DnsConfig(String domain, List<InetAddress> servers) {

  public static final int MAX_SERVERS = 4;
  public static final int MAX_DOMAIN_LENGTH = 127;

  public DnsConfig {
    domain = domain == null ? "" : domain;
    servers = List.copyOf(servers);
  }
}
