package io.ironcore.jobs.access;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.util.List;

/** A user's membership of a project, as member or administrator. */
@Entity
@Table(name = "project_member")
@IdClass(ProjectMember.Key.class)
public class ProjectMember extends PanacheEntityBase {
    public static final String MEMBER = "member";
    public static final String ADMIN = "admin";

    @Id
    public String project;
    @Id
    public String userName;
    public String role;

    public static List<ProjectMember> of(String userName) {
        return list("userName", userName);
    }

    /** The primary key. */
    public record Key(String project, String userName) implements Serializable {
        public Key() {
            this(null, null);
        }
    }
}
