package dev.orbital.protocol.verb;

import java.nio.ByteBuffer;

/**
 * The decoded payload of one packet: everything after the verb byte, already decrypted and
 * decompressed. {@link VerbCodec} turns bytes into messages and back; each message writes itself.
 *
 * <p>Byte arrays held by messages are not copied: a message owns them and nobody may change them.
 */
public sealed interface Message
    permits Nop,
        Hello,
        ErrorReply,
        Ok,
        Whois,
        Rendezvous,
        Frame,
        ExtFrame,
        Echo,
        MulticastLike,
        Credentials,
        NetworkConfigRequest,
        NetworkConfigPush,
        MulticastGather,
        MulticastFrame,
        PushDirectPaths,
        UserMessage,
        Ignored {

  /** The verb number (0..31) this message travels under. */
  int verbCode();

  /** Bytes {@link #write} produces. */
  int encodedLength();

  /** Writes the payload (without the verb byte). */
  void write(ByteBuffer out);
}
