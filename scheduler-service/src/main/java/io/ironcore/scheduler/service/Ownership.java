package io.ironcore.scheduler.service;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The partitions of {@code ironcore.job-events} this instance is assigned: it fires the ticks of exactly the jobs
 * whose events land there. Kafka's group membership splits the jobs between instances and moves them to the
 * survivors when one dies.
 */
@ApplicationScoped
@Identifier("schedule-ownership")
public class Ownership implements KafkaConsumerRebalanceListener {
    private static final Logger LOG = Logger.getLogger(Ownership.class);
    private final Set<Integer> partitions = new ConcurrentSkipListSet<>();

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> assigned) {
        assigned.forEach(p -> partitions.add(p.partition()));
        LOG.infof("now firing the schedules of partitions %s", partitions);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> revoked) {
        revoked.forEach(p -> partitions.remove(p.partition()));
        LOG.infof("gave up partitions %s; firing %s", revoked, partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> lost) {
        onPartitionsRevoked(consumer, lost);
    }

    public Set<Integer> partitions() {
        return new TreeSet<>(partitions);
    }
}
