package io.ironcore.datastore;

/** One image of a snapshot as recorded in the manifest. */
public record ManifestImage(String name, long size, long chunkCount, String indexFile, String indexSha256,
                            boolean dirtyBitmapUsed, BackupStats stats) {
}
