/**
 * The node's TCP fallback: a second transport beside UDP, and when to use it.
 *
 * <p>{@link dev.orbital.node.relay.RelayClient} carries datagrams addressed to physical UDP
 * endpoints through an Orbital relay (or any ZeroTier {@code tcp-proxy}-compatible relay): {@code
 * RelayClient.start(RelayClientOptions.of(URI.create("wss://relay:8443/relay"))
 * .withPinnedSha256(fp), (from, datagram) -> ...)}, then {@code send(endpoint, bytes, off, len)}.
 * It connects in the background over plain TCP ({@code tcp://}) or WebSocket over TLS ({@code
 * wss://}, preferred where configured), reconnects with jittered exponential backoff, and drops
 * (returns false) while disconnected. Received datagrams arrive with the UDP endpoint they came
 * from, on the link's reader thread.
 *
 * <p>{@link dev.orbital.node.relay.RelayFallback} decides between UDP and the relay, on an injected
 * clock: the engine asks {@code probeDue(now)} to send HELLO/ECHO to the roots over UDP, reports
 * {@code probeSent(now)} and {@code rootAnsweredOverUdp(now)} (only answers that came by UDP), and
 * sends global traffic by {@code path(now)}. Defaults relay within 4 s of the roots going silent
 * over UDP and return to UDP at the first UDP answer; {@code forceTcpRelay} always relays.
 */
package dev.orbital.node.relay;
