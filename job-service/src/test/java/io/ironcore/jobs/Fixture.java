package io.ironcore.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * The world the job-service tests share, built through the API as a system administrator would: projects
 * {@code default}, {@code alpha}, {@code bravo}; users alice (alpha member), adam (alpha admin), bob (bravo member);
 * datastores, namespaces, source roots ({@code images} at /srv/images for all three projects, {@code bravo-images}
 * at /srv/bravo-images for bravo only) and workloads, whose disks are /srv/images/ID.raw. Idempotent: every test
 * class calls {@link #ensure()}.
 */
final class Fixture {
    static final String ADMIN = "test-token";
    private static final Map<String, String> TOKENS = new HashMap<>();

    private Fixture() {
    }

    static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    static RequestSpecification admin() {
        return as(ADMIN);
    }

    static synchronized String token(String user) {
        return TOKENS.get(user);
    }

    static synchronized void ensure() {
        if (!TOKENS.isEmpty()) {
            return;
        }
        for (String p : List.of("alpha", "bravo")) {
            admin().body(Map.of("name", p)).post("/api/v1/projects");
        }
        admin().body(Map.of("name", "ibs-primary", "path", "/srv/datastores/ibs-primary"))
                .post("/api/v1/datastores");
        admin().body(Map.of("name", "ibs-backup", "path", "/srv/datastores/ibs-backup")).post("/api/v1/datastores");
        admin().body(Map.of("name", "bravo-only", "path", "/srv/datastores/bravo-only",
                "allowedProjects", List.of("bravo"))).post("/api/v1/datastores");
        for (String ds : List.of("ibs-primary", "ibs-backup", "bravo-only")) {
            admin().body(Map.of("path", "production")).post("/api/v1/datastores/" + ds + "/namespaces");
        }
        admin().body(Map.of("name", "images", "path", "/srv/images",
                "allowedProjects", List.of("default", "alpha", "bravo"))).post("/api/v1/source-roots");
        admin().body(Map.of("name", "bravo-images", "path", "/srv/bravo-images",
                "allowedProjects", List.of("bravo"))).post("/api/v1/source-roots");
        workload("default", "12345", "web-01", List.of("prod", "web"));
        workload("default", "12346", "web-02", List.of("prod", "web"));
        workload("default", "12347", "db-01", List.of("prod", "db"));
        workload("default", "12348", "web-test-01", List.of("test", "web"));
        workload("alpha", "a-1", "alpha-web-01", List.of("prod"));
        workload("bravo", "b-1", "bravo-web-01", List.of("prod"));
        user("alice", "alpha", "member");
        user("adam", "alpha", "admin");
        user("bob", "bravo", "member");
    }

    private static void workload(String project, String id, String name, List<String> tags) {
        // one disk given the older way, as an absolute path below a granted root: stored as the root and the rest
        Map<String, String> disk = id.equals("12348")
                ? Map.of("name", "drive-scsi0", "path", "/srv/images/" + id + ".raw")
                : Map.of("name", "drive-scsi0", "sourceRoot", "images", "path", id + ".raw");
        admin().queryParam("project", project).body(Map.of("id", id, "name", name, "tags", tags,
                "disks", List.of(disk))).post("/api/v1/workloads").then().statusCode(201);
    }

    private static void user(String name, String project, String role) {
        admin().body(Map.of("name", name)).post("/api/v1/users");
        admin().body(Map.of("role", role)).put("/api/v1/projects/" + project + "/members/" + name);
        Response r = admin().body(Map.of("name", "test")).post("/api/v1/users/" + name + "/tokens");
        TOKENS.put(name, r.then().statusCode(201).extract().path("token"));
    }

    static String job(String name) {
        return "{\"name\":\"" + name + "\",\"schedule\":\"02:00\",\"type\":\"vm\","
                + "\"sourceIds\":[\"12345\",\"12346\"],\"datastore\":\"ibs-primary\",\"namespace\":\"production\","
                + "\"retention\":\"keep-daily=7\",\"notificationMode\":\"always\"}";
    }

    /**
     * The same job as {@link #job(String)}, as a mutable map for rest-assured to serialise: a test changes or adds a
     * field with {@code put} instead of editing JSON text.
     */
    static Map<String, Object> jobSpec(String name) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("name", name);
        spec.put("schedule", "02:00");
        spec.put("type", "vm");
        spec.put("sourceIds", List.of("12345", "12346"));
        spec.put("datastore", "ibs-primary");
        spec.put("namespace", "production");
        spec.put("retention", "keep-daily=7");
        spec.put("notificationMode", "always");
        return spec;
    }

    /** A name no other test uses ({@code prefix-} and 12 hex digits): a valid slug for jobs, groups and the like. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Creates the job (as the admin, in project default) and answers its id. */
    static String createJob(Map<String, Object> spec) {
        return admin().body(spec).post("/api/v1/jobs").then().statusCode(201).extract().path("id");
    }

    /** Every job name the admin sees, following the list's cursor to its last page. */
    static List<String> allJobNames() {
        return allJobNames(Map.of());
    }

    /** Every job name the admin sees with these query parameters, following the list's cursor to its last page. */
    static List<String> allJobNames(Map<String, Object> query) {
        List<String> names = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification req = admin().queryParams(query).queryParam("limit", 500);
            Response page = (cursor == null ? req : req.queryParam("cursor", cursor)).get("/api/v1/jobs");
            page.then().statusCode(200);
            names.addAll(page.path("items.name"));
            cursor = page.path("nextCursor");
        } while (cursor != null);
        return names;
    }

    /** An event's JSON payload as a tree. */
    static JsonNode json(String payload) {
        try {
            return new ObjectMapper().readTree(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + payload, e);
        }
    }

    /** {@code SELECT count(*) ...} with positional parameters ?1, ?2, ..., in a transaction of its own. */
    static long count(EntityManager em, String sql, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Query q = em.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            return ((Number) q.getSingleResult()).longValue();
        });
    }
}
