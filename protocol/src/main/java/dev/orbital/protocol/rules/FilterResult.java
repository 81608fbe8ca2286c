package dev.orbital.protocol.rules;

import dev.orbital.protocol.Address;
import java.util.List;

/**
 * What the rules decided for one frame.
 *
 * @param verdict what to do with the frame itself
 * @param redirectTo where to send it instead, for {@link Verdict#REDIRECT}; null otherwise
 * @param copies TEE/WATCH copies to send, only when the frame is not dropped: at most one from the
 *     base rules and one from the capability that accepted it (within one rule table a later TEE
 *     replaces an earlier one, as in stock)
 * @param capability index of the capability whose rules accepted the frame, or -1 when the base
 *     rules decided
 */
public record FilterResult(Verdict verdict, Address redirectTo, List<Copy> copies, int capability) {

  public enum Verdict {
    DROP,
    ACCEPT,
    /**
     * Inbound only: this node is a TEE/WATCH/REDIRECT target of the rules, so it accepts the frame
     * even where its MAC and ZeroTier destination checks would refuse it.
     */
    SUPER_ACCEPT,
    /**
     * Send the frame to {@link #redirectTo()} instead: stock forwards it (EXT_FRAME flag 0x04
     * outbound, 0x0a inbound) and neither sends it on nor delivers it locally.
     */
    REDIRECT
  }

  /**
   * A copy of the first {@code length} payload bytes for {@code target}. Stock sends it as
   * EXT_FRAME with flags 0x02 (TEE) or 0x16 (WATCH) outbound, 0x08 or 0x1c inbound.
   */
  public record Copy(Address target, int length, boolean watch, long flags) {}

  public static final FilterResult DROPPED = new FilterResult(Verdict.DROP, null, List.of(), -1);
  public static final FilterResult ACCEPTED = new FilterResult(Verdict.ACCEPT, null, List.of(), -1);
  public static final FilterResult SUPER_ACCEPTED =
      new FilterResult(Verdict.SUPER_ACCEPT, null, List.of(), -1);

  public FilterResult {
    copies = List.copyOf(copies);
    if ((verdict == Verdict.REDIRECT) != (redirectTo != null)) {
      throw new IllegalArgumentException("redirectTo goes with REDIRECT and only with it");
    }
  }

  public boolean accepted() {
    return verdict != Verdict.DROP;
  }
}
