package dev.orbital.controller.netconf;

import dev.orbital.controller.network.Member;
import dev.orbital.protocol.netconf.NetworkConfig;
import dev.orbital.protocol.verb.ConfigChunk;
import dev.orbital.protocol.verb.ErrorCode;
import java.util.List;

/**
 * The controller's answer to a NETWORK_CONFIG_REQUEST: the signed config chunks to send in
 * OK(NETWORK_CONFIG_REQUEST), or the ERROR code to send. Either way {@link #memberToSave()} is the
 * member record to store first (revision already incremented), or null when nothing changed.
 */
public sealed interface ConfigReply {

  Member memberToSave();

  record Config(NetworkConfig config, List<ConfigChunk> chunks, Member memberToSave)
      implements ConfigReply {

    public Config {
      chunks = List.copyOf(chunks);
    }
  }

  record Refused(ErrorCode code, Member memberToSave) implements ConfigReply {}
}
