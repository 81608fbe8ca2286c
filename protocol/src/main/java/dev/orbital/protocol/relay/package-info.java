/**
 * ZeroTier's TCP relay framing (spec §13): TLS-lookalike records, the client's version hello and
 * addressed datagrams ({@link dev.orbital.protocol.relay.RelayFrameCodec}), and a bounded stream
 * decoder ({@link dev.orbital.protocol.relay.RelayStreamDecoder}). Pure: the relay service and the
 * node's relay client share it; no I/O, clock or logging.
 */
package dev.orbital.protocol.relay;
