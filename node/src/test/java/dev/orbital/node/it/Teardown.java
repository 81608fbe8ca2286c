package dev.orbital.node.it;

/** Ends what a test class started, in the order given, even when one of them fails to close. */
final class Teardown {

  private Teardown() {}

  /** Closes each resource that was started (nulls are skipped); rethrows the first failure. */
  static void closeAll(AutoCloseable... resources) throws Exception {
    Exception first = null;
    for (AutoCloseable resource : resources) {
      if (resource == null) {
        continue;
      }
      try {
        resource.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
