package dev.orbital.node.control;

/**
 * The node itself, as {@code GET /status} shows it.
 *
 * @param address the node's 10-hex-digit address
 * @param publicIdentity its identity, public part, in text form
 * @param online whether a root answered recently
 * @param tcpFallbackActive whether traffic goes through the TCP relay because UDP gets no answers
 * @param version this node's version, e.g. {@code 1.14.1}
 * @param clock the node's clock, milliseconds since the epoch
 */
public record NodeStatus(
    String address,
    String publicIdentity,
    boolean online,
    boolean tcpFallbackActive,
    String version,
    long clock) {}
