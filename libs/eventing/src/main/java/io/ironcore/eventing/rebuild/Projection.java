package io.ironcore.eventing.rebuild;

import io.ironcore.events.CloudEvent;

import java.util.List;
import java.util.function.Predicate;

/**
 * A service's projection of the log, as {@link Rebuilds} rebuilds it: the topics it is folded from, the live
 * consumer (its Kafka group id, which is also its name in the inbox), the tables that hold nothing but the fold, and
 * the live handler that folds one event (the same code the consumer runs, so the rebuilt rows are the live rules'
 * rows).
 *
 * @param service the service's name, as the CLI gives it
 * @param topics  the topics the projection is folded from
 * @param group   the live consumer's Kafka group id (its lag is reported)
 * @param inbox   the live consumer's name in the inbox
 * @param tables  the tables that hold the projection and nothing else, with their key column
 * @param handler the live handler: records the event in the inbox and folds it, in the caller's transaction
 * @param replays the events of the topics that the projection is folded from; the others (which the live handler
 *                acts on otherwise, e.g. by queueing work) are neither handled nor forgotten in the inbox
 */
public record Projection(String service, List<String> topics, String group, String inbox, List<Table> tables,
                         Handler handler, Predicate<CloudEvent> replays) {

    /**
     * A projection table, its key column (rows are compared by it), and the columns of the service's own that no
     * event writes (e.g. when a sweep last ran): a rebuilt row keeps the live row's values of those, and they are
     * not compared.
     */
    public record Table(String name, String key, List<String> ownColumns) {
        public Table {
            ownColumns = List.copyOf(ownColumns);
            checkName(name);
            checkName(key);
            ownColumns.forEach(Table::checkName);
        }

        public Table(String name, String key) {
            this(name, key, List.of());
        }

        private static void checkName(String n) {
            if (!n.matches("[a-z_][a-z0-9_]*")) {
                throw new IllegalArgumentException("not a table or column name: " + n);
            }
        }
    }

    /** The live handler of one event, given the partition it came from. */
    @FunctionalInterface
    public interface Handler {
        void handle(CloudEvent event, int partition);
    }

    /** A projection of every event of its topics, by a consumer whose inbox name is its group id. */
    public Projection(String service, List<String> topics, String consumer, List<Table> tables, Handler handler) {
        this(service, topics, consumer, consumer, tables, handler, e -> true);
    }

    public Projection {
        topics = List.copyOf(topics);
        tables = List.copyOf(tables);
        if (topics.isEmpty() || tables.isEmpty()) {
            throw new IllegalArgumentException("a projection has topics and tables");
        }
    }
}
