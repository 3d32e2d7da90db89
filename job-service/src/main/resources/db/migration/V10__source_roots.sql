-- Where workers may read: directories a system administrator registers and grants to projects. A workload's disk
-- names a root and a path relative to it (workload.disks keeps both and the absolute path workers read).
CREATE TABLE source_root (
    name             text        PRIMARY KEY,
    path             text        NOT NULL UNIQUE,
    allowed_projects jsonb       NOT NULL DEFAULT '[]',
    created_at       timestamptz NOT NULL
);

-- A disk image file belongs to exactly one workload, of any project: the absolute path is the key.
CREATE TABLE workload_disk (
    path          text PRIMARY KEY,
    workload_id   text NOT NULL REFERENCES workload (id) ON DELETE CASCADE,
    name          text NOT NULL,
    source_root   text REFERENCES source_root (name),
    relative_path text
);
INSERT INTO workload_disk (path, workload_id, name)
SELECT d ->> 'path', w.id, d ->> 'name'
FROM workload w, jsonb_array_elements(w.disks) d
WHERE d ->> 'path' IS NOT NULL
ORDER BY w.created_at
ON CONFLICT (path) DO NOTHING;

-- Snapshots outlive their job: the run history and the snapshot catalog keep the project, and deleting a job no
-- longer deletes its runs (a run still in flight records its snapshots when it completes).
ALTER TABLE run DROP CONSTRAINT IF EXISTS run_job_id_fkey;
ALTER TABLE run ADD COLUMN project text;
UPDATE run r SET project = j.project FROM job j WHERE j.id = r.job_id;
ALTER TABLE snapshot ADD COLUMN project text;
UPDATE snapshot s SET project = j.project FROM job j WHERE j.id = s.job_id;
UPDATE snapshot s SET project = w.project FROM workload w WHERE s.project IS NULL AND w.id = s.source_id;
CREATE INDEX snapshot_project ON snapshot (project, created_at DESC);
CREATE INDEX run_project_snapshots ON run (project) WHERE snapshots IS NOT NULL;

-- The project of a run is its job's at request time; of a snapshot, its run's (else its job's). The rows are
-- written by code that knows the job, so the database fills the column in rather than every writer.
CREATE FUNCTION run_project() RETURNS trigger AS $$
BEGIN
    IF NEW.project IS NULL THEN
        SELECT j.project INTO NEW.project FROM job j WHERE j.id = NEW.job_id;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER run_project BEFORE INSERT ON run FOR EACH ROW EXECUTE FUNCTION run_project();

CREATE FUNCTION snapshot_project() RETURNS trigger AS $$
BEGIN
    IF NEW.project IS NULL THEN
        SELECT r.project INTO NEW.project FROM run r WHERE r.id = NEW.run_id;
    END IF;
    IF NEW.project IS NULL THEN
        SELECT j.project INTO NEW.project FROM job j WHERE j.id = NEW.job_id;
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER snapshot_project BEFORE INSERT ON snapshot FOR EACH ROW EXECUTE FUNCTION snapshot_project();
