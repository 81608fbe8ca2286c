package dev.orbital.controller.store;

import dev.orbital.controller.ControllerConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * The store's topics under {@code topic-prefix}: their names; created at start if missing (the
 * states compacted, also if they exist already); their partitions, described once at start, right
 * after; and where the state topics' committed records end.
 */
@ApplicationScoped
public class StoreTopics {

  private static final Logger LOG = Logger.getLogger(StoreTopics.class);

  private final ControllerConfig config;
  private final KafkaClients clients;
  private final String prefix;

  /** The state topics' partitions, as the view follows them. */
  private List<TopicPartition> statePartitions;

  private List<TopicPartition> presencePartitions;
  private List<TopicPartition> replyPartitions;
  private int commandPartitions;

  public StoreTopics(ControllerConfig config, KafkaClients clients) {
    this.config = config;
    this.clients = clients;
    this.prefix = config.topicPrefix();
  }

  @PostConstruct
  void start() {
    createTopics();
    commandPartitions = partitions(List.of(commands())).size();
    statePartitions = partitions(states());
    presencePartitions = partitions(List.of(presence()));
    replyPartitions = partitions(List.of(replies()));
  }

  String networks() {
    return prefix + ".networks";
  }

  String members() {
    return prefix + ".members";
  }

  String events() {
    return prefix + ".membership-events";
  }

  String commands() {
    return prefix + ".controller-commands";
  }

  String replies() {
    return prefix + ".controller-replies";
  }

  String presence() {
    return prefix + ".presence";
  }

  /** The compacted topics the view is built from. */
  List<String> states() {
    return List.of(networks(), members());
  }

  List<TopicPartition> statePartitions() {
    return statePartitions;
  }

  List<TopicPartition> presencePartitions() {
    return presencePartitions;
  }

  List<TopicPartition> replyPartitions() {
    return replyPartitions;
  }

  /** How many partitions the commands topic has: the owners there are to be. */
  int commandPartitions() {
    return commandPartitions;
  }

  /** Where the state topics' committed records end now (their last stable offsets). */
  Map<TopicPartition, Long> committedStateEnds() {
    return committedStateEnds(config.writeTimeout());
  }

  /** As above, giving up after {@code timeout}. */
  Map<TopicPartition, Long> committedStateEnds(Duration timeout) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    statePartitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
    Map<TopicPartition, Long> ends = new HashMap<>();
    try {
      clients
          .admin()
          .listOffsets(
              latest,
              new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)
                  .timeoutMs((int) timeout.toMillis()))
          .all()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .forEach((tp, info) -> ends.put(tp, info.offset()));
    } catch (ExecutionException | TimeoutException e) {
      throw new StoreException("cannot read the state topics' ends: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted", e);
    }
    return ends;
  }

  private List<TopicPartition> partitions(List<String> names) {
    List<TopicPartition> partitions = new ArrayList<>();
    try {
      clients
          .admin()
          .describeTopics(names)
          .allTopicNames()
          .get(config.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)
          .forEach(
              (name, description) ->
                  description
                      .partitions()
                      .forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
    } catch (ExecutionException | TimeoutException e) {
      throw new StoreException("cannot describe " + names + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted", e);
    }
    return partitions;
  }

  private void createTopics() {
    Admin admin = clients.admin();
    try {
      Map<String, String> compacted = Map.of("cleanup.policy", "compact");
      Map<String, String> log = Map.of("cleanup.policy", "delete");
      // Outcomes matter for seconds only; commands must outlive an owner's failover.
      Map<String, String> shortLog = Map.of("cleanup.policy", "delete", "retention.ms", "3600000");
      List<NewTopic> wanted =
          List.of(
              topic(networks()).configs(compacted),
              topic(members()).configs(compacted),
              topic(events()).configs(log),
              topic(commands()).configs(Map.of("cleanup.policy", "delete")),
              topic(replies()).configs(shortLog),
              topic(presence()).configs(compacted));
      Set<String> existing = admin.listTopics().names().get();
      ensureCompacted(admin, existing);
      List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
      for (var entry : admin.createTopics(missing).values().entrySet()) {
        try {
          entry.getValue().get();
          LOG.infof("created topic %s", entry.getKey());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    } catch (ExecutionException e) {
      throw new StoreException("cannot create the store topics: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException("interrupted", e);
    }
  }

  /** Topics that exist already (made by hand, or by an older version) get compaction set. */
  private void ensureCompacted(Admin admin, Set<String> existing)
      throws ExecutionException, InterruptedException {
    AlterConfigOp compact =
        new AlterConfigOp(new ConfigEntry("cleanup.policy", "compact"), AlterConfigOp.OpType.SET);
    Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
    for (String topic : states()) {
      if (existing.contains(topic)) {
        changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(compact));
      }
    }
    if (!changes.isEmpty()) {
      admin.incrementalAlterConfigs(changes).all().get();
    }
  }

  private NewTopic topic(String name) {
    return new NewTopic(name, config.topicPartitions(), config.topicReplicationFactor());
  }
}
