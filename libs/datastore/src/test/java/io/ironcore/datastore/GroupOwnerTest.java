package io.ironcore.datastore;

import static io.ironcore.datastore.TestSupport.CHUNK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup group belongs to one project: its owner file, refusals of other projects' writes, the owner filter of
 * {@link Datastore#listGroups(Namespace, String)}, and sync ({@link Replication}, {@link Datastore#pull}) that copies
 * only a project's groups and their owner.
 */
class GroupOwnerTest {
    @TempDir
    Path tmp;

    private final TestSupport.MutableClock clock = new TestSupport.MutableClock(Instant.parse("2026-11-01T03:00:00Z"));
    private final Namespace shared = Namespace.of("shared");
    private final Namespace archive = Namespace.of("archive");
    private final BackupGroup alphaVm = BackupGroup.of(shared, "vm", "101");
    private final BackupGroup betaVm = BackupGroup.of(shared, "vm", "202");
    private final BackupGroup legacyVm = BackupGroup.of(shared, "vm", "303");
    private Datastore primary;
    private Datastore site;

    @BeforeEach
    void setUp() throws Exception {
        primary = Datastore.create(tmp.resolve("primary"), TestSupport.fastOptions().clock(clock).build());
        site = Datastore.create(tmp.resolve("site"), TestSupport.fastOptions().clock(clock).build());
    }

    @AfterEach
    void tearDown() throws Exception {
        primary.close();
        site.close();
    }

    private BackupResult backup(Datastore ds, BackupGroup g, String owner, long seed) throws Exception {
        clock.advance(Duration.ofHours(1));
        return ds.backup(BackupRequest.builder(g).mode(BackupMode.FULL).owner(owner)
                .image(new TestSupport.ArraySource("drive-scsi0", TestSupport.mixed(seed, 3 * CHUNK + 5), null))
                .build());
    }

    private static Path ownerFile(Datastore ds, BackupGroup g) {
        return g.resolve(ds.root()).resolve("owner");
    }

    @Test
    void theFirstBackupOfAGroupWritesItsOwnerFileAtomically() throws Exception {
        assertThat(primary.groupOwner(alphaVm)).isEmpty();

        backup(primary, alphaVm, "alpha", 1);

        Path file = ownerFile(primary, alphaVm);
        assertThat(file).hasParent(primary.root().resolve("ns/shared/vm/101"));
        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("alpha\n");
        assertThat(primary.groupOwner(alphaVm)).contains("alpha");
        try (Stream<Path> left = Files.list(alphaVm.resolve(primary.root()))) {
            assertThat(left).noneMatch(p -> Fs.isTemp(p.getFileName().toString()));
        }
        // the owner file is no snapshot: the group lists its one snapshot
        assertThat(primary.listSnapshots(alphaVm)).hasSize(1);
        backup(primary, alphaVm, "alpha", 2);
        assertThat(primary.listSnapshots(alphaVm)).hasSize(2);
        assertThat(primary.groupOwner(alphaVm)).contains("alpha");
    }

    @Test
    void anotherProjectsBackupIntoTheGroupIsRefusedAndWritesNothing() throws Exception {
        BackupResult first = backup(primary, alphaVm, "alpha", 1);

        assertThatThrownBy(() -> backup(primary, alphaVm, "beta", 2))
                .isInstanceOf(GroupOwnerException.class)
                .isInstanceOf(DatastoreException.class)
                .hasMessage("backup group ns/shared/vm/101 belongs to project alpha: backup of project beta refused")
                .satisfies(e -> {
                    GroupOwnerException g = (GroupOwnerException) e;
                    assertThat(g.group()).isEqualTo(alphaVm);
                    assertThat(g.owner()).isEqualTo("alpha");
                    assertThat(g.refused()).isEqualTo("beta");
                });

        assertThat(primary.listSnapshots(alphaVm)).extracting(SnapshotInfo::ref).containsExactly(first.snapshot());
        assertThat(primary.snapshotDirTimes(alphaVm)).containsExactly(first.snapshot().time());
        assertThat(primary.groupOwner(alphaVm)).contains("alpha");
    }

    @Test
    void listGroupsWithAnOwnerShowsOnlyThatProjectsGroupsAndTheSystemWideListingShowsAll() throws Exception {
        backup(primary, alphaVm, "alpha", 1);
        backup(primary, betaVm, "beta", 2);
        backup(primary, legacyVm, null, 3); // as before owners existed: no owner file
        assertThat(ownerFile(primary, legacyVm)).doesNotExist();

        assertThat(primary.listGroups(shared, "alpha")).containsExactly(alphaVm);
        assertThat(primary.listGroups(shared, "beta")).containsExactly(betaVm);
        assertThat(primary.listGroups(shared, "gamma")).isEmpty();
        assertThat(primary.listGroups(shared, null)).containsExactly(alphaVm, betaVm, legacyVm);
        assertThat(primary.listGroups(shared)).containsExactly(alphaVm, betaVm, legacyVm);
        assertThat(primary.groupOwner(legacyVm)).isEmpty();
    }

    @Test
    void aGroupWithoutOwnerIsClaimedByTheNextBackupForAProjectAndKeepsItsChain() throws Exception {
        BackupResult old = backup(primary, legacyVm, null, 3);

        clock.advance(Duration.ofHours(1));
        BackupResult next = primary.backup(BackupRequest.builder(legacyVm).mode(BackupMode.INCREMENTAL).owner("alpha")
                .image(new TestSupport.ArraySource("drive-scsi0", TestSupport.mixed(3, 3 * CHUNK + 5), null))
                .build());

        assertThat(next.mode()).isEqualTo(BackupMode.INCREMENTAL);
        assertThat(next.manifest().parent()).isEqualTo(old.snapshot());
        assertThat(primary.groupOwner(legacyVm)).contains("alpha");
        assertThat(primary.listGroups(shared, "alpha")).containsExactly(legacyVm);
        assertThatThrownBy(() -> backup(primary, legacyVm, "beta", 4)).isInstanceOf(GroupOwnerException.class);
    }

    @Test
    void aBackupNamingNoOwnerNeitherClaimsNorChecks() throws Exception {
        backup(primary, alphaVm, "alpha", 1);

        backup(primary, alphaVm, null, 2);

        assertThat(primary.listSnapshots(alphaVm)).hasSize(2);
        assertThat(primary.groupOwner(alphaVm)).contains("alpha");
    }

    @Test
    void anOwnerThatIsNoNameIsRefusedAndADamagedOwnerFileAdmitsNoProject() throws Exception {
        assertThatThrownBy(() -> BackupRequest.builder(alphaVm).owner("../beta")
                .image(new TestSupport.ArraySource("d", new byte[10], null)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("owner");
        backup(primary, alphaVm, "alpha", 1);
        Files.writeString(ownerFile(primary, alphaVm), "alpha\nbeta\n");

        assertThat(primary.listGroups(shared, "alpha")).isEmpty();
        assertThat(primary.listGroups(shared, "beta")).isEmpty();
        assertThat(primary.listGroups(shared)).containsExactly(alphaVm);
        assertThatThrownBy(() -> backup(primary, alphaVm, "alpha", 2)).isInstanceOf(GroupOwnerException.class);
        assertThatThrownBy(() -> site.pull(primary, primary.listSnapshots(alphaVm).get(0).ref(), archive))
                .isInstanceOf(DatastoreException.class).hasMessageContaining("names no project");
        assertThat(site.listGroups(archive)).isEmpty();
    }

    @Test
    void aProjectsReplicationCopiesOnlyItsOwnGroupsWithTheirOwner() throws Exception {
        BackupResult a = backup(primary, alphaVm, "alpha", 1);
        backup(primary, betaVm, "beta", 2);
        backup(primary, legacyVm, null, 3);

        Replication.Outcome o = Replication.run(new Replication.Plan(primary, shared, site, archive, null,
                ZoneOffset.UTC, "alpha"));

        assertThat(o.failures()).isEmpty();
        assertThat(o.copied()).extracting(Replication.Copied::sourceSnapshotId)
                .containsExactly(a.snapshot().toString());
        BackupGroup copy = BackupGroup.of(archive, "vm", "101");
        assertThat(site.listGroups(archive)).containsExactly(copy);
        assertThat(site.groupOwner(copy)).contains("alpha");
        assertThat(site.listGroups(archive, "alpha")).containsExactly(copy);
    }

    @Test
    void aCrossProjectReplicationCopiesEveryGroupAndEachOwner() throws Exception {
        backup(primary, alphaVm, "alpha", 1);
        backup(primary, betaVm, "beta", 2);
        backup(primary, legacyVm, null, 3);

        Replication.Outcome o = Replication.run(new Replication.Plan(primary, shared, site, archive, null,
                ZoneOffset.UTC, null));

        assertThat(o.failures()).isEmpty();
        assertThat(o.copied()).hasSize(3);
        assertThat(site.groupOwner(BackupGroup.of(archive, "vm", "101"))).contains("alpha");
        assertThat(site.groupOwner(BackupGroup.of(archive, "vm", "202"))).contains("beta");
        assertThat(site.groupOwner(BackupGroup.of(archive, "vm", "303"))).isEmpty();
        // the constructor without a project is the same cross-project pass (an operator's ironcore-backup sync)
        assertThat(new Replication.Plan(primary, shared, site, archive, null, ZoneOffset.UTC).project()).isNull();
    }

    @Test
    void aPullCopiesTheOwnerAlsoForASnapshotTheTargetHasAlready() throws Exception {
        BackupResult a = backup(primary, alphaVm, "alpha", 1);
        BackupGroup copy = BackupGroup.of(archive, "vm", "101");
        site.pull(primary, a.snapshot(), archive);
        assertThat(site.groupOwner(copy)).contains("alpha");
        // a copy made before owners existed: the next pull gives it its owner without copying again
        Files.delete(ownerFile(site, copy));

        PullResult again = site.pull(primary, a.snapshot(), archive);

        assertThat(again.alreadyPresent()).isTrue();
        assertThat(site.groupOwner(copy)).contains("alpha");
    }

    @Test
    void aTargetGroupOfAnotherProjectRefusesThePullAndAProjectsPassDoesNotNameThatProject() throws Exception {
        BackupResult a = backup(primary, alphaVm, "alpha", 1);
        BackupGroup copy = BackupGroup.of(archive, "vm", "101");
        backup(site, copy, "beta", 9); // beta's own group of the same name in the shared target namespace

        assertThatThrownBy(() -> site.pull(primary, a.snapshot(), archive))
                .isInstanceOf(GroupOwnerException.class)
                .hasMessage("backup group ns/archive/vm/101 belongs to project beta: sync of project alpha refused");
        assertThat(site.listSnapshots(copy)).hasSize(1);
        assertThat(site.snapshotDirTimes(copy)).doesNotContain(a.snapshot().time());

        Replication.Outcome o = Replication.run(new Replication.Plan(primary, shared, site, archive, null,
                ZoneOffset.UTC, "alpha"));
        assertThat(o.copied()).isEmpty();
        assertThat(o.failures()).singleElement().asString()
                .isEqualTo(a.snapshot() + ": not copied, ns/archive/vm/101 in the target belongs to another project")
                .doesNotContain("beta");
        assertThat(site.groupOwner(copy)).contains("beta");
        List<SnapshotInfo> beta = site.listSnapshots(copy);
        assertThat(beta).hasSize(1);
    }
}
