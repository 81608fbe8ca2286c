package dev.orbital.protocol.netconf;

import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.WireReader;
import dev.orbital.protocol.crypto.C25519;
import java.nio.ByteBuffer;

/**
 * The pieces every credential (tag, capability, COO, revocation) shares on the wire.
 *
 * <pre>
 * signature block:  sigType(1)=1  sigLen(2)=96  signature(96)
 *                   (any other sigType: len(2) data(len), skipped; the signature stays all zero)
 * extension:        extLen(2)  ext(extLen)      skipped on read, written as 00 00
 * signed form:      7f×8 ‖ fields without the signature block ‖ 00 00 ‖ 7f×8
 * </pre>
 */
final class CredentialCodec {

  static final int SIGNATURE_TYPE_ED25519 = 1;
  static final int SIGNATURE_BLOCK_LENGTH = 1 + 2 + C25519.SIGNATURE_LENGTH;
  static final int EXTENSION_LENGTH = 2;
  static final int MARKER_LENGTH = 8;
  private static final byte MARKER = 0x7f;

  private CredentialCodec() {}

  static byte[] readSignature(WireReader in) throws ProtocolException {
    int type = in.u8();
    int length = in.u16();
    if (type != SIGNATURE_TYPE_ED25519) {
      in.skip(length);
      return new byte[C25519.SIGNATURE_LENGTH];
    }
    if (length != C25519.SIGNATURE_LENGTH) {
      throw new ProtocolException(in.what() + ": bad signature length " + length);
    }
    return in.bytes(C25519.SIGNATURE_LENGTH);
  }

  static void writeSignature(ByteBuffer out, byte[] signature) {
    out.put((byte) SIGNATURE_TYPE_ED25519).putShort((short) C25519.SIGNATURE_LENGTH).put(signature);
  }

  static void skipExtension(WireReader in) throws ProtocolException {
    in.skip(in.u16());
  }

  static void writeNoExtension(ByteBuffer out) {
    out.putShort((short) 0);
  }

  static void putMarker(ByteBuffer out) {
    for (int i = 0; i < MARKER_LENGTH; i++) {
      out.put(MARKER);
    }
  }

  static byte[] zeroSignature() {
    return new byte[C25519.SIGNATURE_LENGTH];
  }

  static byte[] checkedSignature(byte[] signature) {
    if (signature.length != C25519.SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("signature must be 96 bytes, not " + signature.length);
    }
    return signature.clone();
  }
}
