package dev.orbital.protocol.netconf;

import static dev.orbital.protocol.netconf.Fixtures.NWID;
import static dev.orbital.protocol.netconf.Fixtures.corpusIdentity;
import static dev.orbital.protocol.netconf.Fixtures.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.orbital.protocol.Address;
import dev.orbital.protocol.MacAddress;
import dev.orbital.protocol.ProtocolException;
import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.netconf.CertificateOfOwnership.Thing;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class NetworkCredentialsTest {

  private static final long TIMESTAMP = 0x1a20dd3a407L;

  private final Identity controller = corpusIdentity("A");
  private final Identity memberB = corpusIdentity("B");
  private final Address b = memberB.address();

  private CertificateOfMembership com() {
    return CertificateOfMembership.issue(TIMESTAMP, 0x1b7740L, NWID, memberB, controller);
  }

  private NetworkCredentials everything() {
    return new NetworkCredentials(
        List.of(com()),
        List.of(
            Capability.of(NWID, TIMESTAMP, 1, 1, hex("01 00"), 1).sign(controller, b),
            Capability.of(NWID, TIMESTAMP, 2, 0, new byte[0], 1).sign(controller, b)),
        List.of(Tag.of(NWID, TIMESTAMP, 10, 1, b).sign(controller)),
        List.of(Revocation.of(7, NWID, 10, TIMESTAMP, 0, b, CredentialType.TAG).sign(controller)),
        List.of(
            CertificateOfOwnership.of(
                    NWID, TIMESTAMP, 1, b, List.of(Thing.of(MacAddress.parse("ee:27:b2:17:44:9e"))))
                .sign(controller)));
  }

  @Test
  void shouldWriteComThenTerminatorThenCountedSections() {
    byte[] bytes = NetworkCredentials.of(com()).toBytes();

    assertThat(bytes).hasSize(272 + 1 + 8);
    assertThat(bytes[0]).isEqualTo((byte) 0x01);
    assertThat(Arrays.copyOfRange(bytes, 272, bytes.length))
        .isEqualTo(
            hex(
                "00    # end of COMs",
                "0000  # capabilities",
                "0000  # tags",
                "0000  # revocations",
                "0000  # COOs"));
  }

  @Test
  void shouldRoundTripEverySection() throws ProtocolException {
    NetworkCredentials credentials = everything();

    NetworkCredentials decoded = NetworkCredentials.read(credentials.toBytes());

    assertThat(decoded).isEqualTo(credentials);
    assertThat(decoded.toBytes()).isEqualTo(credentials.toBytes());
    assertThat(credentials.encodedLength()).isEqualTo(credentials.toBytes().length);
    assertThat(decoded.coms().get(0).verify(controller)).isTrue();
    assertThat(decoded.capabilities().get(1).verify(controller)).isTrue();
    assertThat(decoded.tags().get(0).verify(controller)).isTrue();
    assertThat(decoded.revocations().get(0).verify(controller)).isTrue();
    assertThat(decoded.coos().get(0).verify(controller)).isTrue();
  }

  @Test
  void shouldRoundTripControllerRevocationPush() throws ProtocolException {
    NetworkCredentials push =
        NetworkCredentials.ofRevocations(
            List.of(
                Revocation.of(1, NWID, 0, TIMESTAMP, 1, b, CredentialType.COM).sign(controller)));

    byte[] bytes = push.toBytes();

    assertThat(Arrays.copyOf(bytes, 7)).isEqualTo(hex("00 0000 0000 0001"));
    assertThat(NetworkCredentials.read(bytes)).isEqualTo(push);
  }

  @Test
  void shouldTakeMissingTrailingSectionsAsEmptyAsOldNodesSendThem() throws ProtocolException {
    byte[] com = com().toBytes();

    NetworkCredentials unterminated = NetworkCredentials.read(com);
    NetworkCredentials terminated = NetworkCredentials.read(concat(com, hex("00")));
    NetworkCredentials empty = NetworkCredentials.read(new byte[0]);

    assertThat(unterminated).isEqualTo(NetworkCredentials.of(com()));
    assertThat(terminated).isEqualTo(NetworkCredentials.of(com()));
    assertThat(empty.coms()).isEmpty();
    assertThat(empty.coos()).isEmpty();
  }

  @Test
  void shouldAcceptCutsOnlyAtSectionBoundaries() throws ProtocolException {
    NetworkCredentials credentials = everything();
    byte[] bytes = credentials.toBytes();
    Set<Integer> boundaries = sectionBoundaries(credentials);

    for (int length = 0; length < bytes.length; length++) {
      byte[] cut = Arrays.copyOf(bytes, length);
      if (boundaries.contains(length)) {
        byte[] reencoded = NetworkCredentials.read(cut).toBytes();
        assertThat(Arrays.copyOf(reencoded, length))
            .as("cut at boundary %d", length)
            .isEqualTo(cut);
      } else {
        assertThatThrownBy(() -> NetworkCredentials.read(cut))
            .as("cut at %d", length)
            .isInstanceOf(ProtocolException.class)
            .hasMessageContaining("NETWORK_CREDENTIALS");
      }
    }
  }

  /** 0, after each COM, after the terminator, and after each complete counted section. */
  private static Set<Integer> sectionBoundaries(NetworkCredentials credentials) {
    Set<Integer> boundaries = new TreeSet<>();
    int at = 0;
    boundaries.add(at);
    for (CertificateOfMembership com : credentials.coms()) {
      at += com.encodedLength();
      boundaries.add(at);
    }
    at += 1;
    boundaries.add(at);
    at += 2 + credentials.capabilities().stream().mapToInt(Capability::encodedLength).sum();
    boundaries.add(at);
    at += 2 + credentials.tags().size() * Tag.ENCODED_LENGTH;
    boundaries.add(at);
    at += 2 + credentials.revocations().size() * Revocation.ENCODED_LENGTH;
    boundaries.add(at);
    return boundaries;
  }

  @Test
  void shouldIgnoreBytesAfterTheLastSection() throws ProtocolException {
    byte[] bytes = concat(everything().toBytes(), hex("deadbeef"));

    assertThat(NetworkCredentials.read(bytes)).isEqualTo(everything());
  }

  @Test
  void shouldRejectUnknownComVersion() {
    assertThatThrownBy(() -> NetworkCredentials.read(hex("02 0000 0000000000 00")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("unknown COM version 2");
  }

  @Test
  void shouldRejectCountsOverTheirLimits() {
    assertThatThrownBy(() -> NetworkCredentials.read(hex("00 0081")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("capability count: 129 (limit: 128)");
    assertThatThrownBy(() -> NetworkCredentials.read(hex("00 0000 0081")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("tag count: 129 (limit: 128)");
    assertThatThrownBy(() -> NetworkCredentials.read(hex("00 0000 0000 0081")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("revocation count: 129 (limit: 128)");
    assertThatThrownBy(() -> NetworkCredentials.read(hex("00 0000 0000 0000 0011")))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("COO count: 17 (limit: 16)");
  }

  @Test
  void shouldRejectMoreComsThanItsLimit() {
    byte[] com = com().toBytes();
    ByteBuffer many = ByteBuffer.allocate(com.length * (NetworkCredentials.MAX_COMS + 1));
    for (int i = 0; i <= NetworkCredentials.MAX_COMS; i++) {
      many.put(com);
    }

    assertThatThrownBy(() -> NetworkCredentials.read(many.array()))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("COM count: 17 (limit: 16)");
  }

  @Test
  void shouldRefuseToBuildOversizedLists() {
    List<Tag> tags =
        Collections.nCopies(NetworkCredentials.MAX_TAGS + 1, Tag.of(NWID, TIMESTAMP, 1, 1, b));

    assertThatThrownBy(
            () -> new NetworkCredentials(List.of(), List.of(), tags, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
