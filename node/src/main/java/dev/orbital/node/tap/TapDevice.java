package dev.orbital.node.tap;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.orbital.protocol.MacAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * A Linux TAP interface opened through {@code /dev/net/tun}: whole Ethernet frames in and out, no
 * packet-information header ({@code IFF_NO_PI}). The interface lives as long as this object: {@link
 * #close()} makes the kernel remove it.
 *
 * <p>One thread reads, any number write. A read blocks in {@code poll} on the TAP and on an
 * eventfd, so {@link #close()} wakes a blocked reader (which then returns -1) before the TAP file
 * descriptor is closed; closing it under a reader blocked in {@code read} would keep the interface
 * alive. Reads and writes copy through a native buffer held by the device: no allocation per frame.
 *
 * <p>The device is opened in the network namespace of the calling thread; its control socket (for
 * the MAC, MTU and flag ioctls) is created there too.
 */
public final class TapDevice implements AutoCloseable {

  /** Linux IFNAMSIZ is 16 with the terminating NUL. */
  public static final int MAX_NAME_LENGTH = 15;

  /** Largest frame read or written: a 65535-byte MTU plus the 14-byte Ethernet header. */
  public static final int MAX_FRAME_LENGTH = 65535 + 14;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,14}");

  // <linux/if_tun.h>, <linux/sockios.h>, <linux/if.h>, <linux/if_arp.h>
  private static final long TUNSETIFF = 0x400454caL;
  private static final long SIOCGIFFLAGS = 0x8913;
  private static final long SIOCSIFFLAGS = 0x8914;
  private static final long SIOCSIFMTU = 0x8922;
  private static final long SIOCSIFHWADDR = 0x8924;
  private static final long SIOCGIFHWADDR = 0x8927;
  private static final short IFF_TAP = 0x0002;
  private static final short IFF_NO_PI = 0x1000;
  private static final short IFF_UP = 0x1;
  private static final short ARPHRD_ETHER = 1;

  /** struct ifreq: char ifr_name[16], then a 24-byte union (flags, mtu or a sockaddr). */
  private static final int IFREQ_LENGTH = 40;

  private static final int IFREQ_UNION = 16;

  /** struct pollfd: int fd, short events, short revents. */
  private static final int POLLFD_LENGTH = 8;

  private static final int POLLFD_REVENTS = 6;

  private final String name;
  private final int tapFd;
  private final int controlSocket;
  private final int wakeFd;
  private final Memory readBuffer = new Memory(MAX_FRAME_LENGTH);
  private final Memory writeBuffer = new Memory(MAX_FRAME_LENGTH);
  private final Memory pollFds = new Memory(2L * POLLFD_LENGTH);
  private final Object readLock = new Object();
  private final Object writeLock = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();

  private TapDevice(String name, int tapFd, int controlSocket, int wakeFd) {
    this.name = name;
    this.tapFd = tapFd;
    this.controlSocket = controlSocket;
    this.wakeFd = wakeFd;
    pollFds.clear();
    pollFds.setInt(0, tapFd);
    pollFds.setShort(4, LibC.POLLIN);
    pollFds.setInt(POLLFD_LENGTH, wakeFd);
    pollFds.setShort(POLLFD_LENGTH + 4, LibC.POLLIN);
  }

  /**
   * Creates the TAP interface {@code name} (down, with a random MAC) and opens it.
   *
   * @throws IllegalArgumentException if the name is not a valid interface name
   * @throws TapException if an interface of that name exists, or the kernel refuses (no {@code
   *     /dev/net/tun}, no CAP_NET_ADMIN)
   */
  public static TapDevice open(String name) throws TapException {
    checkName(name);
    int tapFd = -1;
    int controlSocket = -1;
    int wakeFd = -1;
    try {
      // TUNSETIFF would attach to a persistent TAP of that name: never take over an interface.
      if (LibC.if_nametoindex(name) != 0) {
        throw new TapException(name, "create TAP", "an interface of that name already exists");
      }
      tapFd =
          call(
              name,
              "open /dev/net/tun",
              () -> LibC.open("/dev/net/tun", LibC.O_RDWR | LibC.O_CLOEXEC));
      Memory ifreq = ifreq(name);
      ifreq.setShort(IFREQ_UNION, (short) (IFF_TAP | IFF_NO_PI));
      int fd = tapFd;
      call(name, "ioctl TUNSETIFF", () -> LibC.ioctl(fd, TUNSETIFF, ifreq));
      String actual = ifreq.getString(0, StandardCharsets.US_ASCII.name());
      controlSocket =
          call(
              name,
              "control socket",
              () -> LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0));
      wakeFd = call(name, "eventfd", () -> LibC.eventfd(0, LibC.EFD_CLOEXEC));
      return new TapDevice(actual, tapFd, controlSocket, wakeFd);
    } catch (TapException | RuntimeException e) {
      closeQuietly(wakeFd);
      closeQuietly(controlSocket);
      closeQuietly(tapFd);
      throw e;
    }
  }

  static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "interface name must be 1-"
              + MAX_NAME_LENGTH
              + " characters of [A-Za-z0-9_.-], not starting with '.': "
              + name);
    }
  }

  /** The interface name the kernel gave the device. */
  public String name() {
    return name;
  }

  /**
   * Reads one Ethernet frame into {@code buf[off..off+len)}, blocking until one arrives. A frame
   * longer than {@code len} is truncated to {@code len} bytes, as by {@code recv}.
   *
   * @return the number of bytes read, or -1 once the device is closed
   */
  public int read(byte[] buf, int off, int len) throws TapException {
    Objects.checkFromIndexSize(off, len, buf.length);
    synchronized (readLock) {
      while (true) {
        if (closed.get()) {
          return -1;
        }
        pollFds.setShort(POLLFD_REVENTS, (short) 0);
        pollFds.setShort(POLLFD_LENGTH + POLLFD_REVENTS, (short) 0);
        try {
          LibC.poll(pollFds, 2, -1);
        } catch (LastErrorException e) {
          if (e.getErrorCode() == LibC.EINTR) {
            continue;
          }
          throw new TapException(name, "poll", LibC.describe(e), e);
        }
        if (closed.get()) {
          return -1;
        }
        short revents = pollFds.getShort(POLLFD_REVENTS);
        if ((revents & (LibC.POLLERR | LibC.POLLHUP | LibC.POLLNVAL)) != 0) {
          throw new TapException(name, "poll", "revents 0x" + Integer.toHexString(revents));
        }
        if ((revents & LibC.POLLIN) == 0) {
          continue;
        }
        long n;
        try {
          n = LibC.read(tapFd, readBuffer, Math.min(len, MAX_FRAME_LENGTH));
        } catch (LastErrorException e) {
          if (e.getErrorCode() == LibC.EINTR || e.getErrorCode() == LibC.EAGAIN) {
            continue;
          }
          throw new TapException(name, "read", LibC.describe(e), e);
        }
        readBuffer.read(0, buf, off, (int) n);
        return (int) n;
      }
    }
  }

  /** Writes one whole Ethernet frame, {@code buf[off..off+len)}, into the kernel. */
  public void write(byte[] buf, int off, int len) throws TapException {
    Objects.checkFromIndexSize(off, len, buf.length);
    if (len > MAX_FRAME_LENGTH) {
      throw new TapException(
          name, "write", "frame of " + len + " bytes (limit: " + MAX_FRAME_LENGTH + ")");
    }
    synchronized (writeLock) {
      if (closed.get()) {
        throw new TapException(name, "write", "device closed");
      }
      writeBuffer.write(0, buf, off, len);
      long n;
      try {
        n = LibC.write(tapFd, writeBuffer, len);
      } catch (LastErrorException e) {
        throw new TapException(name, "write", LibC.describe(e), e);
      }
      if (n != len) {
        throw new TapException(name, "write", "wrote " + n + " of " + len + " bytes");
      }
    }
  }

  /** Sets the interface's Ethernet address (SIOCSIFHWADDR). */
  public void setMac(MacAddress mac) throws TapException {
    Memory ifreq = ifreq(name);
    ifreq.setShort(IFREQ_UNION, ARPHRD_ETHER);
    ifreq.write(IFREQ_UNION + 2, mac.toBytes(), 0, 6);
    control("ioctl SIOCSIFHWADDR " + mac, SIOCSIFHWADDR, ifreq);
  }

  /** The interface's Ethernet address (SIOCGIFHWADDR). */
  public MacAddress mac() throws TapException {
    Memory ifreq = ifreq(name);
    control("ioctl SIOCGIFHWADDR", SIOCGIFHWADDR, ifreq);
    return MacAddress.read(ifreq.getByteArray(IFREQ_UNION + 2, 6), 0);
  }

  /** Sets the interface MTU (SIOCSIFMTU). */
  public void setMtu(int mtu) throws TapException {
    Memory ifreq = ifreq(name);
    ifreq.setInt(IFREQ_UNION, mtu);
    control("ioctl SIOCSIFMTU " + mtu, SIOCSIFMTU, ifreq);
  }

  /** Brings the interface up or down (SIOCGIFFLAGS, then SIOCSIFFLAGS with IFF_UP changed). */
  public void setUp(boolean up) throws TapException {
    Memory ifreq = ifreq(name);
    control("ioctl SIOCGIFFLAGS", SIOCGIFFLAGS, ifreq);
    short flags = ifreq.getShort(IFREQ_UNION);
    short wanted = (short) (up ? flags | IFF_UP : flags & ~IFF_UP);
    if (wanted != flags) {
      ifreq.setShort(IFREQ_UNION, wanted);
      control("ioctl SIOCSIFFLAGS " + (up ? "up" : "down"), SIOCSIFFLAGS, ifreq);
    }
  }

  /** Whether the device has been closed. */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Wakes a blocked reader, waits for it to leave, then closes the TAP: the kernel removes the
   * interface with its addresses and routes. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    Memory one = new Memory(8);
    one.setLong(0, 1);
    try {
      LibC.write(wakeFd, one, 8);
    } catch (LastErrorException ignored) {
      // The counter cannot overflow from a single write; nothing else can fail here.
    }
    synchronized (readLock) {
      synchronized (writeLock) {
        closeQuietly(tapFd);
        closeQuietly(controlSocket);
        closeQuietly(wakeFd);
      }
    }
  }

  @Override
  public String toString() {
    return "TapDevice[" + name + (closed.get() ? ", closed]" : "]");
  }

  private void control(String operation, long request, Memory ifreq) throws TapException {
    if (closed.get()) {
      throw new TapException(name, operation, "device closed");
    }
    call(name, operation, () -> LibC.ioctl(controlSocket, request, ifreq));
  }

  private static Memory ifreq(String name) {
    Memory ifreq = new Memory(IFREQ_LENGTH);
    ifreq.clear();
    byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
    ifreq.write(0, bytes, 0, bytes.length);
    return ifreq;
  }

  private interface NativeCall {
    int run();
  }

  private static int call(String name, String operation, NativeCall call) throws TapException {
    try {
      return call.run();
    } catch (LastErrorException e) {
      throw new TapException(name, operation, LibC.describe(e), e);
    }
  }

  private static void closeQuietly(int fd) {
    if (fd < 0) {
      return;
    }
    try {
      LibC.close(fd);
    } catch (LastErrorException ignored) {
      // close(2) releases the descriptor even when it reports an error; nothing to retry.
    }
  }
}
