package dev.orbital.controller.ipam;

/**
 * How a network hands out addresses: {@code v4AssignMode.zt} (IPv4 from the pools) and {@code
 * v6AssignMode.{zt,rfc4193,6plane}} (IPv6 from the pools, and the two derived per-member forms).
 */
public record AssignModes(boolean v4Zt, boolean v6Zt, boolean rfc4193, boolean sixPlane) {

  public static final AssignModes NONE = new AssignModes(false, false, false, false);
}
