package dev.orbital.helm;

import dev.orbital.protocol.identity.Identity;
import dev.orbital.protocol.world.WorldSigningKey;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * What Helm cannot generate for the chart (Curve25519 identities with their memory-hard proof of
 * work, a world signing key), printed by {@code ./orbital secrets}:
 *
 * <ul>
 *   <li>{@code secret <name>}: the controller's Secret (keys {@code identity}, {@code authtoken})
 *       as a manifest for {@code kubectl apply -f -};
 *   <li>{@code values <roots>}: a values file with the controller identity and API token, one
 *       identity per root and the world signing key, for {@code helm install -f}.
 * </ul>
 */
public final class ClusterSecrets {

  private static final String TOKEN_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final int TOKEN_LENGTH = 24;
  private static final int MAX_ROOTS = 4;

  private final SecureRandom random;

  ClusterSecrets(SecureRandom random) {
    this.random = random;
  }

  public static void main(String[] args) {
    int status = new ClusterSecrets(new SecureRandom()).run(args, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 2 && args[0].equals("secret") && args[1].matches("[a-z0-9][-a-z0-9]*")) {
      out.print(controllerSecret(args[1]));
      return 0;
    }
    if (args.length == 2 && args[0].equals("values") && args[1].matches("[1-4]")) {
      out.print(values(Integer.parseInt(args[1])));
      return 0;
    }
    err.println(
        "usage: secret <Secret name, a-z 0-9 ->  |  values <number of roots, 1 to "
            + MAX_ROOTS
            + ">");
    return 2;
  }

  String controllerSecret(String name) {
    return "apiVersion: v1\n"
        + "kind: Secret\n"
        + "metadata:\n"
        + "  name: "
        + name
        + "\n"
        + "type: Opaque\n"
        + "stringData:\n"
        + "  identity: \""
        + Identity.generate(random).toSecretString()
        + "\"\n"
        + "  authtoken: \""
        + apiToken()
        + "\"\n";
  }

  String values(int roots) {
    StringBuilder yaml = new StringBuilder();
    yaml.append("controller:\n  identity: \"")
        .append(Identity.generate(random).toSecretString())
        .append("\"\n  apiToken: \"")
        .append(apiToken())
        .append("\"\nroot:\n  replicas: ")
        .append(roots)
        .append("\n  identities:\n");
    for (int i = 0; i < roots; i++) {
      yaml.append("    - \"").append(Identity.generate(random).toSecretString()).append("\"\n");
    }
    WorldSigningKey key = WorldSigningKey.generate(random);
    HexFormat hex = HexFormat.of();
    yaml.append("world:\n  signingKey: \"")
        .append(hex.formatHex(key.publicKey()))
        .append(hex.formatHex(key.privateKey()))
        .append("\"\n");
    return yaml.toString();
  }

  private String apiToken() {
    StringBuilder token = new StringBuilder(TOKEN_LENGTH);
    for (int i = 0; i < TOKEN_LENGTH; i++) {
      token.append(TOKEN_ALPHABET.charAt(random.nextInt(TOKEN_ALPHABET.length())));
    }
    return token.toString();
  }
}
