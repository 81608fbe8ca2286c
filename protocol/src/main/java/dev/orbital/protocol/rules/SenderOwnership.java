package dev.orbital.protocol.rules;

/**
 * Whether the sender of a frame holds a certificate of ownership (COO) for the frame's source IP or
 * source MAC; MATCH_CHARACTERISTICS sees the answers as the "sender IP/MAC authenticated" bits.
 * Stock asks the sender's presented COOs for inbound frames and this node's own COOs (from its
 * network config) for outbound ones. The evaluator finds the source IP in the frame and asks only
 * when a characteristics rule is evaluated.
 */
public interface SenderOwnership {

  /** Nobody owns anything: both bits stay clear. */
  SenderOwnership NONE =
      new SenderOwnership() {
        @Override
        public boolean ownsIp(byte[] bytes, int offset, int length) {
          return false;
        }

        @Override
        public boolean ownsMac(long mac) {
          return false;
        }
      };

  /**
   * Whether the sender owns the IP whose {@code length} (4 or 16) bytes start at {@code offset}.
   */
  boolean ownsIp(byte[] bytes, int offset, int length);

  /** Whether the sender owns the 48-bit MAC {@code mac}. */
  boolean ownsMac(long mac);
}
