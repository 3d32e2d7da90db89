package io.ironcore.jobs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/** A namespace registered in a datastore. Jobs write to registered namespaces (or the root). */
@Entity
@Table(name = "datastore_namespace")
@IdClass(DatastoreNamespace.Key.class)
public class DatastoreNamespace extends PanacheEntityBase {
    @Id
    public String datastore;
    @Id
    public String path;
    public Instant createdAt;

    public static boolean exists(String datastore, String path) {
        return path == null || path.isEmpty() || findById(new Key(datastore, path)) != null;
    }

    public static List<String> of(String datastore) {
        return DatastoreNamespace.<DatastoreNamespace>list("datastore = ?1 order by path", datastore).stream()
                .map(n -> n.path).toList();
    }

    /** The primary key. */
    public record Key(String datastore, String path) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
