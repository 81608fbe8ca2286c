package dev.orbital.protocol.verb;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.netconf.NetworkConfigCodec;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Puts a network config back together from its chunks (spec §11.4). Chunks of one config share a
 * config update ID and may arrive in any order and more than once, interleaved with those of
 * another update; a few updates are assembled side by side and the oldest started is dropped.
 * Signatures are the caller's to check first, since only it knows the controller.
 *
 * <p>One instance per network; not thread-safe. Memory is bounded by {@link #MAX_IN_PROGRESS} times
 * {@link NetworkConfigCodec#MAX_DICTIONARY_LENGTH}.
 */
public final class ConfigAssembler {

  public static final int MAX_IN_PROGRESS = 4;

  private static final class Partial {
    final byte[] dictionary;
    final BitSet received;

    Partial(int total) {
      dictionary = new byte[total];
      received = new BitSet(total);
    }
  }

  private final Map<Long, Partial> inProgress = new LinkedHashMap<>();

  /**
   * Adds a chunk; returns the whole config dictionary once every byte of it has arrived.
   *
   * @throws ProtocolException for a chunk that claims more than a config may hold, or that does not
   *     fit inside the total it claims
   */
  public Optional<byte[]> add(ConfigChunk chunk) throws ProtocolException {
    if (chunk.legacy()) {
      return Optional.of(chunk.data().clone()); // the old single-chunk form carries it all
    }
    long total = chunk.totalLength();
    if (total <= 0 || total > NetworkConfigCodec.MAX_DICTIONARY_LENGTH) {
      throw ProtocolException.overLimit(
          "config total length", total, NetworkConfigCodec.MAX_DICTIONARY_LENGTH);
    }
    long end = chunk.chunkIndex() + chunk.data().length;
    if (end > total) {
      throw new ProtocolException(
          "config chunk at "
              + chunk.chunkIndex()
              + " runs to "
              + end
              + ", past its total "
              + total);
    }
    Partial partial = inProgress.get(chunk.configUpdateId());
    if (partial == null || partial.dictionary.length != total) {
      if (inProgress.size() == MAX_IN_PROGRESS) {
        inProgress.remove(inProgress.keySet().iterator().next());
      }
      partial = new Partial((int) total);
      inProgress.put(chunk.configUpdateId(), partial);
    }
    int from = (int) chunk.chunkIndex();
    System.arraycopy(chunk.data(), 0, partial.dictionary, from, chunk.data().length);
    partial.received.set(from, (int) end);
    if (partial.received.cardinality() < total) {
      return Optional.empty();
    }
    inProgress.remove(chunk.configUpdateId());
    return Optional.of(partial.dictionary);
  }
}
