package dev.orbital.node.tap;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The few libc calls the TAP device needs, bound by JNA direct mapping (no per-call reflection or
 * argument boxing). Sizes are {@code long}: the node runs on 64-bit Linux (x86_64, aarch64), where
 * the constants below are the same.
 */
final class LibC {

  static final int O_RDWR = 0x2;
  static final int O_CLOEXEC = 0x80000;
  static final int EFD_CLOEXEC = 0x80000;
  static final int AF_INET = 2;
  static final int SOCK_DGRAM = 2;
  static final int SOCK_CLOEXEC = 0x80000;
  static final short POLLIN = 0x1;
  static final short POLLERR = 0x8;
  static final short POLLHUP = 0x10;
  static final short POLLNVAL = 0x20;
  static final int EINTR = 4;
  static final int EAGAIN = 11;

  static {
    Native.register(NativeLibrary.getInstance("c"));
  }

  private LibC() {}

  static native int open(String path, int flags) throws LastErrorException;

  static native int close(int fd) throws LastErrorException;

  static native long read(int fd, Pointer buf, long count) throws LastErrorException;

  static native long write(int fd, Pointer buf, long count) throws LastErrorException;

  static native int ioctl(int fd, long request, Pointer arg) throws LastErrorException;

  static native int socket(int domain, int type, int protocol) throws LastErrorException;

  static native int poll(Pointer fds, long nfds, int timeoutMillis) throws LastErrorException;

  static native int eventfd(int initval, int flags) throws LastErrorException;

  static native String strerror(int errnum);

  /** 0 when no interface of that name exists (in the calling thread's network namespace). */
  static native int if_nametoindex(String name);

  /** "Operation not permitted (errno 1)". */
  static String describe(LastErrorException e) {
    return strerror(e.getErrorCode()) + " (errno " + e.getErrorCode() + ")";
  }
}
