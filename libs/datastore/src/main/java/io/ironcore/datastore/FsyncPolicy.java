package io.ironcore.datastore;

/**
 * When data is fsync'd (docs/design/datastore-format.md, section 7). About durability on this machine only, nothing to
 * do with sync between sites ({@link Replication}).
 */
public enum FsyncPolicy {
    /** Default: chunks fsync'd in the background and awaited before the index; index, manifest, directories fsync'd. */
    SAFE,
    /** No fsync at all: for benchmarks and throwaway datastores. */
    NONE
}
