package dev.orbital.controller.web;

/**
 * One line of the page's change stream: which object changed, not how; the page reloads what it
 * shows.
 *
 * @param kind {@code hello} (the stream is open), {@code network}, {@code member} or {@code
 *     heartbeat}
 * @param nwid the network (16 hex digits), null for {@code hello} and {@code heartbeat}
 * @param address the member (10 hex digits), null unless {@code kind} is {@code member}
 */
public record StoreChange(String kind, String nwid, String address) {

  static final StoreChange HELLO = new StoreChange("hello", null, null);
  static final StoreChange HEARTBEAT = new StoreChange("heartbeat", null, null);
}
