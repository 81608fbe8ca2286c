package dev.orbital.controller.store;

import dev.orbital.controller.ControllerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.jboss.logging.Logger;

/**
 * The replicas' consumer group on the commands topic ({@code <prefix>.controller}): this replica's
 * member of it, joined with a session timeout the brokers accept, and the group as the coordinator
 * describes it.
 */
@ApplicationScoped
public class CommandGroup {

  private static final Logger LOG = Logger.getLogger(CommandGroup.class);

  private final ControllerConfig config;
  private final KafkaClients clients;
  private final String groupId;
  private final String clientId;

  public CommandGroup(ControllerConfig config, KafkaClients clients) {
    this.config = config;
    this.clients = clients;
    this.groupId = config.topicPrefix() + ".controller";
    this.clientId = groupId + "-" + UUID.randomUUID();
  }

  String groupId() {
    return groupId;
  }

  /** This replica's command consumer's {@code client.id}, as the group description lists it. */
  String clientId() {
    return clientId;
  }

  /** This replica's consumer in the group; it joins once subscribed and polled. */
  KafkaConsumer<String, byte[]> newConsumer() {
    return clients.commandConsumer(groupId, clientId, sessionTimeoutMs());
  }

  /** The group as its coordinator describes it, asking for {@code timeout} at most. */
  ConsumerGroupDescription describe(Duration timeout)
      throws ExecutionException, TimeoutException, InterruptedException {
    return clients
        .admin()
        .describeConsumerGroups(
            Set.of(groupId),
            new DescribeConsumerGroupsOptions().timeoutMs((int) timeout.toMillis()))
        .describedGroups()
        .get(groupId)
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * The configured session timeout, unless the brokers' {@code group.min.session.timeout.ms} is
   * larger: then that (a consumer asking for less is refused by the coordinator and never joins).
   */
  private int sessionTimeoutMs() {
    int wanted = (int) config.groupSessionTimeout().toMillis();
    int brokersMin = brokersMinSessionTimeoutMs();
    if (brokersMin > wanted) {
      LOG.warnf(
          "orbital.controller.group-session-timeout is %d ms but the brokers' "
              + "group.min.session.timeout.ms is %d ms: using %d ms, so a replica that dies holds "
              + "its networks' writes that long; set group.min.session.timeout.ms=%d on the brokers",
          wanted, brokersMin, brokersMin, wanted);
      return brokersMin;
    }
    return wanted;
  }

  /**
   * The largest {@code group.min.session.timeout.ms} of the brokers; 0 if they do not say (a
   * cluster that does not let us describe its brokers).
   */
  private int brokersMinSessionTimeoutMs() {
    try {
      Admin admin = clients.admin();
      Duration timeout = config.writeTimeout();
      List<ConfigResource> brokers =
          admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
              .map(n -> new ConfigResource(ConfigResource.Type.BROKER, n.idString()))
              .toList();
      int max = 0;
      for (Config c :
          admin
              .describeConfigs(brokers)
              .all()
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
              .values()) {
        ConfigEntry entry = c.get("group.min.session.timeout.ms");
        if (entry != null && entry.value() != null) {
          max = Math.max(max, Integer.parseInt(entry.value()));
        }
      }
      return max;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      LOG.warnf("cannot read the brokers' group.min.session.timeout.ms: %s", e.toString());
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }
}
