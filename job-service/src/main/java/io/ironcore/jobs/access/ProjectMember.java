package io.ironcore.jobs.access;

import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Convert;
import jakarta.persistence.Converter;
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
    /** A member's role in a project, stored (V2's CHECK) and shown in JSON as {@code member} or {@code admin}. */
    public enum Role {
        MEMBER("member"),
        ADMIN("admin");

        private final String value;

        Role(String value) {
            this.value = value;
        }

        /** The role as stored and shown. */
        @JsonValue
        public String value() {
            return value;
        }

        /** The role of that name ({@code member} or {@code admin}). */
        public static Role of(String value) {
            for (Role r : values()) {
                if (r.value.equals(value)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("not a role: " + value);
        }
    }

    /** Stores a {@link Role} as the same text the column always held. */
    @Converter
    public static class RoleColumn implements AttributeConverter<Role, String> {
        @Override
        public String convertToDatabaseColumn(Role role) {
            return role == null ? null : role.value();
        }

        @Override
        public Role convertToEntityAttribute(String value) {
            return value == null ? null : Role.of(value);
        }
    }

    @Id
    public String project;
    @Id
    public String userName;
    @Convert(converter = RoleColumn.class)
    public Role role;

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
