package dev.orbital.protocol.verb;

import static dev.orbital.protocol.verb.Samples.ARP_GROUP;
import static dev.orbital.protocol.verb.Samples.NETWORK_ID;
import static dev.orbital.protocol.verb.Samples.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orbital.protocol.MacAddress;
import dev.orbital.protocol.packet.PacketHeader;
import dev.orbital.protocol.packet.Verb;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageShapeTest {

  @Test
  void shouldReadFrameHeaderInPlaceAsTheRecordDoes() throws Exception {
    byte[] packet = new byte[PacketHeader.PAYLOAD + Frame.HEADER_LENGTH + 3];
    Frame.writeHeader(packet, PacketHeader.PAYLOAD, NETWORK_ID, 0x86dd);
    packet[Frame.dataOffset(PacketHeader.PAYLOAD)] = 0x60;
    int payloadLength = packet.length - PacketHeader.PAYLOAD;

    Frame frame =
        (Frame) VerbCodec.decode(Verb.FRAME.code(), packet, PacketHeader.PAYLOAD, payloadLength);

    assertThat(Frame.isLongEnough(payloadLength)).isTrue();
    assertThat(Frame.isLongEnough(Frame.HEADER_LENGTH - 1)).isFalse();
    assertThat(Frame.networkId(packet, PacketHeader.PAYLOAD))
        .isEqualTo(NETWORK_ID)
        .isEqualTo(frame.networkId());
    assertThat(Frame.etherType(packet, PacketHeader.PAYLOAD))
        .isEqualTo(0x86dd)
        .isEqualTo(frame.etherType());
    assertThat(frame.data()).containsExactly(0x60, 0, 0);
  }

  @Test
  void shouldReadExtFrameSubtypeWithBit0x02AsLeastSignificant() throws Exception {
    // A WATCH-outbound frame as 1.14.1 sends it: flags 0x16 = subtype 3 (0x02|0x04) + ACK (0x10).
    byte[] payload =
        hex(
            """
            e7745d5aa3c51def   # network
            16                 # flags
            32aabbccddee       # destination MAC
            021122334455       # source MAC
            0800               # IPv4
            45
            """);

    ExtFrame frame = (ExtFrame) VerbCodec.decode(Verb.EXT_FRAME.code(), payload);

    assertThat(frame.subtype()).isEqualTo(ExtFrame.SUBTYPE_WATCH_OUTBOUND);
    assertThat(frame.ackRequested()).isTrue();
    assertThat(frame.com()).isNull();
    assertThat(ExtFrame.flags(ExtFrame.SUBTYPE_WATCH_INBOUND, true)).isEqualTo(0x1c);
    assertThat(ExtFrame.flags(ExtFrame.SUBTYPE_REDIRECT_INBOUND, false)).isEqualTo(0x0a);
  }

  @Test
  void shouldKeepPresenceFlagsInStepWithOptionalFields() {
    MulticastFrame bare =
        new MulticastFrame(NETWORK_ID, 0xff, null, 0, null, ARP_GROUP, 0x0806, new byte[0]);
    MulticastFrame full =
        new MulticastFrame(
            NETWORK_ID,
            0,
            Samples.com(),
            5,
            MacAddress.parse("02:00:00:00:00:01"),
            ARP_GROUP,
            0x0806,
            new byte[0]);
    ExtFrame withCom =
        new ExtFrame(
            NETWORK_ID,
            0,
            Samples.com(),
            MacAddress.BROADCAST,
            MacAddress.parse("02:00:00:00:00:01"),
            0x0806,
            new byte[0]);

    assertThat(bare.flags()).isEqualTo(0xf8);
    assertThat(bare.replicate()).isTrue();
    assertThat(full.flags()).isEqualTo(0x07);
    assertThat(withCom.flags()).isEqualTo(ExtFrame.FLAG_COM);
    assertThat(new MulticastGather(NETWORK_ID, 1, ARP_GROUP, 1, null).flags()).isZero();
  }

  @Test
  void shouldReadConfigAckFromOkEchoPayload() throws Exception {
    byte[] ok =
        hex(
            """
            08                 # in-re verb ECHO (the NETWORK_CONFIG quirk)
            1122334455667788   # in-re packet ID: the NETWORK_CONFIG push
            e7745d5aa3c51def   # network
            0102030405060708   # config update ID
            """);

    OkEcho decoded = (OkEcho) VerbCodec.decode(Verb.OK.code(), ok);

    assertThat(decoded.asConfigAck())
        .contains(new OkEcho.ConfigAck(NETWORK_ID, 0x0102030405060708L));
    assertThat(decoded)
        .isEqualTo(OkEcho.configAck(0x1122334455667788L, NETWORK_ID, 0x0102030405060708L));
    assertThat(new OkEcho(1, new byte[0]).asConfigAck()).isEqualTo(Optional.empty());
  }

  @Test
  void shouldReadErrorDetailByCodeAndInReVerb() throws Exception {
    byte[] needCom = hex("06 00000000000000aa 06 e7745d5aa3c51def");
    byte[] authRequired =
        hex(
            """
            0b 00000000000000ab 09   # in-re NETWORK_CONFIG_REQUEST, AUTHENTICATION_REQUIRED
            e7745d5aa3c51def
            0004 613d310a            # error data: a dictionary
            """);
    byte[] unwanted = hex("0e 00000000000000ac 08 e7745d5aa3c51def ffffffffffff 0a931401");
    byte[] collision = hex("01 00000000000000ad 04");

    assertThat(((ErrorReply) VerbCodec.decode(Verb.ERROR.code(), needCom)).detail())
        .isEqualTo(ErrorDetail.Network.of(NETWORK_ID));
    assertThat(((ErrorReply) VerbCodec.decode(Verb.ERROR.code(), authRequired)).detail())
        .isEqualTo(new ErrorDetail.Network(NETWORK_ID, hex("613d310a")));
    assertThat(((ErrorReply) VerbCodec.decode(Verb.ERROR.code(), unwanted)).detail())
        .isEqualTo(new ErrorDetail.UnwantedMulticast(NETWORK_ID, ARP_GROUP));
    ErrorReply identityCollision = (ErrorReply) VerbCodec.decode(Verb.ERROR.code(), collision);
    assertThat(identityCollision.code()).isEqualTo(ErrorCode.IDENTITY_COLLISION);
    assertThat(identityCollision.detail()).isEqualTo(ErrorDetail.Raw.EMPTY);
  }

  @Test
  void shouldAcceptConfigRequestFromOldClientWithoutRevisionFields() throws Exception {
    byte[] old = hex("e7745d5aa3c51def 0004 763d360a");

    NetworkConfigRequest request =
        (NetworkConfigRequest) VerbCodec.decode(Verb.NETWORK_CONFIG_REQUEST.code(), old);

    assertThat(request.networkId()).isEqualTo(NETWORK_ID);
    assertThat(request.metadata()).isEqualTo(hex("763d360a"));
    assertThat(request.haveRevision()).isZero();
    assertThat(request.haveTimestamp()).isZero();
  }

  @Test
  void shouldDecodeRendezvousWithPeerAndEndpoint() throws Exception {
    byte[] payload = hex("00 a4c90e16e5 2709 04 0a4d0003");

    Rendezvous rendezvous = (Rendezvous) VerbCodec.decode(Verb.RENDEZVOUS.code(), payload);

    assertThat(rendezvous.peer()).hasToString("a4c90e16e5");
    assertThat(rendezvous.endpoint()).hasToString("10.77.0.3/9993");
  }
}
