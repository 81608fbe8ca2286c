package dev.orbital.controller.netconf;

import dev.orbital.controller.network.Member;
import dev.orbital.protocol.netconf.NetworkConfig;

/**
 * A config built for a member, and the member as it must now be stored: a new pool address, or
 * default capabilities and tags, are written to the member as stock does.
 *
 * @param memberChanged whether {@code member} differs from the one the config was built for
 */
public record IssuedConfig(NetworkConfig config, Member member, boolean memberChanged) {}
