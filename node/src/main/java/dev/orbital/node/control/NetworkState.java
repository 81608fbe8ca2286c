package dev.orbital.node.control;

/** A joined network's state, named as ZeroTier One names it in its local API. */
public enum NetworkState {
  REQUESTING_CONFIGURATION,
  OK,
  ACCESS_DENIED,
  NOT_FOUND,
  PORT_ERROR
}
