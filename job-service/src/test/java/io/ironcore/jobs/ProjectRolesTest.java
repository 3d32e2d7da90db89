package io.ironcore.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ironcore.jobs.access.ProjectMember;
import io.ironcore.local.testing.IroncoreTestInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.ironcore.jobs.Fixture.admin;
import static io.ironcore.jobs.Fixture.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/**
 * A member's role ({@link ProjectMember.Role}) is the text {@code member} or {@code admin} in the table, in the
 * answer to setting it, in {@code GET /projects} and in {@code GET /whoami}, and gives (or not) a project's
 * administration. A revoked token id that is no UUID is 404, as an unknown one.
 */
@QuarkusTest
@QuarkusTestResource(value = IroncoreTestInfrastructure.class,
        initArgs = @ResourceArg(name = "database", value = "ironcore_jobs"))
class ProjectRolesTest {
    @Inject
    EntityManager em;

    @BeforeEach
    void setUp() {
        Fixture.ensure();
    }

    @Test
    void aRoleIsStoredAndShownAsTheSameTextAndDecidesAdministration() {
        String user = Fixture.unique("carol");
        admin().body(Map.of("name", user)).post("/api/v1/users").then().statusCode(201);
        String token = admin().body(Map.of("name", "t")).post("/api/v1/users/" + user + "/tokens").then()
                .statusCode(201).extract().path("token");

        admin().body(Map.of("role", "admin")).put("/api/v1/projects/bravo/members/" + user).then().statusCode(200)
                .body("", equalTo(Map.of("project", "bravo", "user", user, "role", "admin")));
        assertThat(admins(user)).isEqualTo(1);
        as(token).get("/api/v1/whoami").then().statusCode(200).body("projects", equalTo(Map.of("bravo", "admin")));
        as(token).get("/api/v1/projects").then().statusCode(200).body("name", equalTo(List.of("bravo")))
                .body("role", equalTo(List.of("admin")));
        String group = Fixture.unique("ops");
        as(token).body(Map.of("name", group)).post("/api/v1/notification-groups?project=bravo").then()
                .statusCode(201).body("name", equalTo(group)).body("targets", equalTo(List.of()));

        admin().body(Map.of("role", "member")).put("/api/v1/projects/bravo/members/" + user).then().statusCode(200)
                .body("role", equalTo("member"));
        assertThat(Fixture.count(em, "SELECT count(*) FROM project_member WHERE project = 'bravo' AND user_name = ?1"
                + " AND role = 'member'", user)).isEqualTo(1);
        // the token's caller is built per request: the new role holds at once
        as(token).get("/api/v1/whoami").then().body("projects", equalTo(Map.of("bravo", "member")));
        as(token).body(Map.of("name", Fixture.unique("ops"))).post("/api/v1/notification-groups?project=bravo")
                .then().statusCode(403);
        as(token).get("/api/v1/notification-groups?project=bravo").then().statusCode(200)
                .body("name", hasItem(group));

        admin().body(Map.of("role", "owner")).put("/api/v1/projects/bravo/members/" + user).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("role"))
                .body("errors[0].message", equalTo("must be member or admin"));
        assertThat(Fixture.count(em, "SELECT count(*) FROM project_member WHERE user_name = ?1 AND role = 'member'",
                user)).isEqualTo(1);
    }

    @Test
    void aSystemAdministratorSeesEveryProjectWithoutARole() {
        admin().get("/api/v1/projects").then().statusCode(200).body("name", hasItem("alpha"))
                .body("find { it.name == 'default' }.description", equalTo("The default project"))
                .body("find { it.name == 'alpha' }.role", nullValue());
    }

    @Test
    void revokingATokenThatIsNoUuidIsNotFound() {
        admin().delete("/api/v1/users/alice/tokens/not-a-uuid").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo(
                        admin().delete("/api/v1/users/alice/tokens/00000000-0000-0000-0000-000000000000").then()
                                .statusCode(404).extract().path("type")))
                .body("detail", equalTo("token not-a-uuid does not exist"));
    }

    @Test
    void roleTextsAreTheOnlyRoles() throws Exception {
        assertThat(new ObjectMapper().writeValueAsString(Map.of("bravo", ProjectMember.Role.ADMIN)))
                .isEqualTo("{\"bravo\":\"admin\"}");
        assertThat(ProjectMember.Role.of("admin")).isEqualTo(ProjectMember.Role.ADMIN);
        assertThat(ProjectMember.Role.of("member")).isEqualTo(ProjectMember.Role.MEMBER);
        assertThat(new ProjectMember.RoleColumn().convertToDatabaseColumn(ProjectMember.Role.ADMIN))
                .isEqualTo("admin");
        assertThatThrownBy(() -> ProjectMember.Role.of("ADMIN")).isInstanceOf(IllegalArgumentException.class);
    }

    private long admins(String user) {
        return Fixture.count(em, "SELECT count(*) FROM project_member WHERE project = 'bravo' AND user_name = ?1"
                + " AND role = 'admin'", user);
    }
}
