package dev.orbital.controller.wire;

import dev.orbital.protocol.Address;

/** A member of a network, as a map key. */
record MemberRef(long networkId, Address address) {}
